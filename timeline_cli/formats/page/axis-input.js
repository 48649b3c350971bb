// Zoom and pan of the drawn timeline. Ctrl (or ⌘) + wheel and a trackpad's pinch zoom
// around the pointer, as in a map embedded in a page: a plain wheel scrolls the page,
// which an axis across the page must not trap; a sideways wheel or Shift + wheel pans.
// A drag pans; two fingers pinch. With the axis or one of its marks focused: + and −
// zoom, ← and → pan, Home shows the whole timeline.
function axisInput(axis, viewport, buttons) {
  "use strict";
  const pointers = new Map();
  let gesture = null;
  let dragged = false;

  const px = (clientX) => clientX - viewport.getBoundingClientRect().left;
  const msPerPx = () => (axis.view()[1] - axis.view()[0]) / viewport.clientWidth;

  buttons.zoomIn.addEventListener("click", () => axis.zoom(1 / 2));
  buttons.zoomOut.addEventListener("click", () => axis.zoom(2));
  buttons.whole.addEventListener("click", () => axis.fit());

  viewport.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const width = axis.view()[1] - axis.view()[0];
    const step = e.shiftKey ? 0.5 : 0.15;
    if (e.key === "+" || e.key === "=") axis.zoom(1 / 1.5);
    else if (e.key === "-" || e.key === "_" || e.key === "\u2212") axis.zoom(1.5);
    else if (e.key === "ArrowLeft") axis.pan(-width * step);
    else if (e.key === "ArrowRight") axis.pan(width * step);
    else if (e.key === "Home") axis.fit();
    else return;
    e.preventDefault();
  });

  viewport.addEventListener("wheel", (e) => {
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? viewport.clientWidth : 1;
    if (e.ctrlKey || e.metaKey) {
      axis.zoom(Math.exp(e.deltaY * unit * 0.002), axis.at(px(e.clientX)));
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const delta = e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX;
      axis.pan(delta * unit * msPerPx());
    } else {
      return;
    }
    e.preventDefault();
  }, { passive: false });

  function start() {
    const [first, second] = [...pointers.values()];
    if (second) {
      const mid = (first.x + second.x) / 2;
      gesture = { pinch: true, distance: Math.max(Math.abs(first.x - second.x), 1),
        at: axis.at(px(mid)), share: px(mid) / viewport.clientWidth,
        span: axis.view()[1] - axis.view()[0] };
    } else if (first) {
      gesture = { pinch: false, x: first.x, from: axis.view()[0], scale: msPerPx() };
    } else {
      gesture = null;
    }
  }

  viewport.addEventListener("pointerdown", (e) => {
    if (e.pointerType === "mouse" && e.button !== 0) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 1) dragged = false;
    start();
  });
  viewport.addEventListener("pointermove", (e) => {
    const pointer = pointers.get(e.pointerId);
    if (!pointer || !gesture) return;
    pointer.x = e.clientX;
    if (gesture.pinch) {
      const [first, second] = [...pointers.values()];
      const span = gesture.span * gesture.distance / Math.max(Math.abs(first.x - second.x), 1);
      const mid = px((first.x + second.x) / 2) / viewport.clientWidth;
      axis.setView([gesture.at - mid * span, gesture.at - mid * span + span]);
      dragged = true;
    } else if (dragged || Math.abs(e.clientX - gesture.x) > 4) {
      if (!dragged) viewport.setPointerCapture(e.pointerId);
      dragged = true;
      const from = gesture.from - (e.clientX - gesture.x) * gesture.scale;
      const span = axis.view()[1] - axis.view()[0];
      axis.setView([from, from + span]);
    }
  });
  const end = (e) => {
    if (!pointers.delete(e.pointerId)) return;
    start();
    // the click that follows a drag's pointerup is swallowed below; later ones are not
    if (pointers.size === 0 && dragged) setTimeout(() => { dragged = false; }, 0);
  };
  viewport.addEventListener("pointerup", end);
  viewport.addEventListener("pointercancel", end);
  // a drag that ends on a mark is no click on it
  viewport.addEventListener("click", (e) => {
    if (!dragged) return;
    dragged = false;
    e.stopPropagation();
    e.preventDefault();
  }, true);
}
