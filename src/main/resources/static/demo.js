"use strict";

// The demo page of TS-CAM Server: one image, two calls to POST /localize with the same
// parameters (JSON for classes, scores and boxes; PNG for the heatmap overlay), re-asked whenever
// the threshold or the class changes. URLs are relative so the page also works behind a path
// prefix (an ingress serving it under /tscam/).

const TOP_K = 5;
const DISPLAY_SIDE = 512;
// Where the API key given on this page is kept: this tab's session only, never a cookie.
const API_KEY_STORAGE = "tscam.apiKey";

const page = {
  body: document.body,
  modelInfo: document.getElementById("model-info"),
  untrainedWarning: document.getElementById("untrained-warning"),
  dropZone: document.getElementById("drop-zone"),
  fileInput: document.getElementById("image-input"),
  samples: document.querySelectorAll("#samples [data-sample]"),
  threshold: document.getElementById("threshold"),
  thresholdValue: document.getElementById("threshold-value"),
  classPicker: document.getElementById("class-picker"),
  allBoxes: document.getElementById("all-boxes"),
  error: document.getElementById("error"),
  errorTitle: document.getElementById("error-title"),
  errorDetail: document.getElementById("error-detail"),
  status: document.getElementById("status"),
  figure: document.getElementById("overlay-figure"),
  overlay: document.getElementById("overlay"),
  box: document.getElementById("box"),
  caption: document.getElementById("overlay-caption"),
  predictions: document.getElementById("predictions"),
  keyForm: document.getElementById("key-form"),
  keyHint: document.getElementById("key-hint"),
  keyInput: document.getElementById("api-key"),
};

const state = {
  image: null, // the Blob being localized
  labels: [],
  latestRequest: 0, // responses to older requests are dropped: the user moved on
  overlayUrl: null,
  result: null, // the last JSON answer, for re-placing the box on resize
};

/** An RFC 9457 problem detail (or what we could make of a non-JSON failure). */
class Problem extends Error {
  constructor(title, detail) {
    super(detail || title);
    this.title = title;
    this.detail = detail;
  }

  static async from(response) {
    try {
      const body = await response.json();
      return new Problem(body.title || `HTTP ${response.status}`, body.detail || "");
    } catch {
      return new Problem(`HTTP ${response.status}`, response.statusText);
    }
  }
}

/**
 * fetch with this tab's API key, if one was given. A 401 means the server wants a key (or another
 * one): the page asks for it.
 */
async function apiFetch(url, options = {}) {
  const key = sessionStorage.getItem(API_KEY_STORAGE);
  const headers = new Headers(options.headers);
  if (key) {
    headers.set("X-API-Key", key);
  }
  const response = await fetch(url, { ...options, headers });
  if (response.status === 401) {
    askForKey(key !== null);
  }
  return response;
}

function askForKey(rejected) {
  page.keyHint.textContent = rejected
    ? "That API key was not accepted. Enter another one."
    : "This server needs an API key.";
  page.keyForm.hidden = false;
  page.keyInput.focus();
}

function useKey(event) {
  event.preventDefault();
  sessionStorage.setItem(API_KEY_STORAGE, page.keyInput.value.trim());
  page.keyInput.value = "";
  page.keyForm.hidden = true;
  hideError();
  const ready = state.labels.length > 0 ? Promise.resolve() : loadModel();
  ready.then(localize).catch(showError);
}

async function loadModel() {
  const response = await apiFetch("model", { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw await Problem.from(response);
  }
  const model = await response.json();
  state.labels = model.labels;
  page.modelInfo.textContent =
    `${model.name} ${model.version} · ${model.numClasses} classes · ` +
    `input ${model.inputSize.join("×")} · ${model.provider.toUpperCase()}`;
  page.untrainedWarning.hidden = model.trained;
  model.labels.forEach((label, index) => page.classPicker.add(new Option(label, String(index))));
  page.threshold.value = String(model.camThreshold);
  showThreshold();
}

function showThreshold() {
  page.thresholdValue.textContent = Number(page.threshold.value).toFixed(2);
}

function query() {
  const params = new URLSearchParams({ threshold: page.threshold.value });
  if (page.classPicker.value === "") {
    params.set("topk", String(Math.min(TOP_K, state.labels.length || TOP_K)));
  } else {
    params.set("classes", page.classPicker.value);
  }
  if (page.allBoxes.checked) {
    params.set("boxes", "all"); // the overlay then draws every object of the class
  }
  return params;
}

async function callLocalize(params, format) {
  const body = new FormData();
  body.append("image", state.image, state.image.name || "image");
  params = new URLSearchParams(params);
  params.set("format", format);
  const accept = format === "png" ? "image/png" : "application/json";
  const response = await apiFetch(`localize?${params}`, {
    method: "POST",
    body,
    headers: { Accept: `${accept}, application/problem+json` },
  });
  if (!response.ok) {
    throw await Problem.from(response);
  }
  return format === "png" ? response.blob() : response.json();
}

async function localize() {
  if (!state.image) {
    return;
  }
  const request = ++state.latestRequest;
  setState("loading", "Localizing…");
  hideError();
  try {
    const params = query();
    const [result, overlay] = await Promise.all([
      callLocalize(params, "json"),
      callLocalize(params, "png"),
    ]);
    if (request !== state.latestRequest) {
      return;
    }
    state.result = result;
    showPredictions(result);
    await showOverlay(overlay);
    placeBox();
    setState("done", `Threshold ${result.threshold.toFixed(2)} · ${result.fusion} fusion`);
  } catch (problem) {
    if (request === state.latestRequest) {
      showError(problem);
    }
  }
}

function showPredictions(result) {
  page.predictions.replaceChildren(
    ...result.predictions.map((p) => {
      const item = document.createElement("li");
      item.dataset.classIndex = String(p.classIndex);
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = p.label;
      const bar = document.createElement("span");
      bar.className = "score-bar";
      const fill = document.createElement("span");
      fill.style.width = `${(p.score * 100).toFixed(1)}%`;
      bar.append(fill);
      const score = document.createElement("span");
      score.className = "score";
      score.textContent = `${(p.score * 100).toFixed(1)} %`;
      const box = document.createElement("span");
      box.className = "box-coords";
      box.textContent = ` box (${p.box.x1}, ${p.box.y1}) – (${p.box.x2}, ${p.box.y2})`;
      item.append(label, bar, score, box);
      return item;
    }),
  );
}

function showOverlay(blob) {
  if (state.overlayUrl) {
    URL.revokeObjectURL(state.overlayUrl);
  }
  state.overlayUrl = URL.createObjectURL(blob);
  page.figure.hidden = false;
  return new Promise((resolve, reject) => {
    page.overlay.onload = () => resolve();
    page.overlay.onerror = () => reject(new Problem("Overlay", "the overlay image did not load"));
    page.overlay.src = state.overlayUrl;
  });
}

/**
 * Sizes the overlay to the space available, enlarging small images (a 224 px canvas is hard to
 * read) up to DISPLAY_SIDE, keeping the aspect ratio so the traced box stays on the drawn one.
 */
function fitOverlay() {
  const natural = { width: page.overlay.naturalWidth, height: page.overlay.naturalHeight };
  const available = page.figure.parentElement.clientWidth - 32;
  const scale = Math.min(
    available / natural.width,
    (window.innerHeight * 0.7) / natural.height,
    DISPLAY_SIDE / Math.max(natural.width, natural.height),
  );
  page.overlay.style.width = `${Math.floor(natural.width * scale)}px`;
}

/**
 * Traces the first class's box (the one the overlay draws, with its label) on the page, scaled to
 * the displayed image, so it stays visible and inspectable whatever the heatmap colours.
 */
function placeBox() {
  const result = state.result;
  if (!result || result.predictions.length === 0 || page.figure.hidden) {
    page.box.hidden = true;
    return;
  }
  fitOverlay();
  const top = result.predictions[0];
  const scale = page.overlay.clientWidth / result.image.width;
  Object.assign(page.box.style, {
    left: `${top.box.x1 * scale}px`,
    top: `${top.box.y1 * scale}px`,
    width: `${(top.box.x2 - top.box.x1) * scale}px`,
    height: `${(top.box.y2 - top.box.y1) * scale}px`,
  });
  page.box.dataset.classIndex = String(top.classIndex);
  page.box.hidden = false;
  page.caption.textContent =
    `${result.image.width}×${result.image.height} px · heatmap and box of “${top.label}”`;
}

function setState(name, message) {
  page.body.dataset.state = name;
  page.status.textContent = message;
}

function clearResult() {
  state.result = null;
  page.figure.hidden = true;
  page.box.hidden = true;
  page.predictions.replaceChildren();
}

function showError(problem) {
  clearResult();
  page.errorTitle.textContent = problem.title || "Error";
  page.errorDetail.textContent = problem.detail || problem.message;
  page.error.hidden = false;
  setState("error", "The request failed.");
}

function hideError() {
  page.error.hidden = true;
}

function useImage(blob) {
  state.image = blob;
  clearResult();
  localize();
}

async function useSample(path) {
  const response = await fetch(path);
  if (!response.ok) {
    showError(new Problem("Sample", `${path} could not be loaded (HTTP ${response.status})`));
    return;
  }
  const blob = await response.blob();
  useImage(new File([blob], path.split("/").pop(), { type: blob.type }));
}

function wireDropZone() {
  const zone = page.dropZone;
  ["dragenter", "dragover"].forEach((type) =>
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    }),
  );
  ["dragleave", "drop"].forEach((type) =>
    zone.addEventListener(type, () => zone.classList.remove("dragging")),
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) {
      useImage(file);
    }
  });
}

function wireControls() {
  page.fileInput.addEventListener("change", () => {
    if (page.fileInput.files[0]) {
      useImage(page.fileInput.files[0]);
    }
  });
  page.samples.forEach((button) =>
    button.addEventListener("click", () => useSample(button.dataset.sample)),
  );
  // The slider re-asks when released, not on every step of a drag.
  page.threshold.addEventListener("input", showThreshold);
  page.threshold.addEventListener("change", localize);
  page.classPicker.addEventListener("change", localize);
  page.allBoxes.addEventListener("change", localize);
  window.addEventListener("resize", placeBox);
  page.keyForm.addEventListener("submit", useKey);
  wireDropZone();
}

wireControls();
showThreshold();
loadModel().catch(showError);
