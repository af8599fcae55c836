#!/usr/bin/env bash
# The test command (README "Test it"; .ci/run calls it too): installs the Debian packages the tests
# need beyond the JDK and Maven (tools/requirements-debian.txt) when any is missing, with apt-get as
# root and through sudo otherwise, then runs every test with `mvn verify`. Arguments go to Maven:
# ./test.sh -o (offline), ./test.sh -DskipPythonTests, ./test.sh -Dtest='LocalizeApiTest'.
set -euo pipefail
cd "$(dirname "$0")"

REQUIREMENTS=tools/requirements-debian.txt

# The required packages that dpkg does not list as installed, one per line.
missing_packages() {
  local package
  for package in $(grep -v '^#' "$REQUIREMENTS"); do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]; then
      echo "$package"
    fi
  done
}

install_missing_packages() {
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "test.sh: not a Debian system; install the equivalents of $REQUIREMENTS yourself" >&2
    return
  fi
  local missing
  missing=$(missing_packages)
  if [ -z "$missing" ]; then
    return
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo=sudo
  fi
  echo "test.sh: installing" $missing
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

install_missing_packages
exec mvn verify "$@"
