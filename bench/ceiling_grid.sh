# shellcheck shell=bash
# The raw ONNX Runtime ceiling's configurations, as OrtCeiling takes them: every callers x intra-op
# threads = the cores, batch 1, 4 and 8, each with (s) and without (n) spinning, or
# BENCH_SWEEP_GRID's CALLERSxTHREADSxBATCH list. Sourced by run.sh, label.sh and conformer.sh, so
# that every script compares with the same ceiling.
sweep_grid() {
  local cores grid=${BENCH_SWEEP_GRID:-} callers
  cores=$(nproc)
  if [[ -z $grid ]]; then
    for ((callers = 1; callers <= cores; callers++)); do
      if ((cores % callers == 0)); then
        grid+="${callers}x$((cores / callers))x1,${callers}x$((cores / callers))x4,"
        grid+="${callers}x$((cores / callers))x8,"
      fi
    done
  fi
  local config out=""
  for config in ${grid//,/ }; do out+="${config}s,${config}n,"; done
  echo "${out%,}"
}
