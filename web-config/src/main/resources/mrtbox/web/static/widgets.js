'use strict';
// Touch widgets for the Perform view: a fader and an XY pad, driven by pointer events (mouse, pen and touch alike).
// They know nothing of the box: they show values they are given and report the values a hand makes.
// touch-action: none (style.css) keeps the page from scrolling under a dragging finger.

const clamp01 = t => Math.max(0, Math.min(1, t));

/**
 * A fader for a numeric parameter spec {min, max, type, label}. The hand drags it relative to where it was touched,
 * so touching a fader never makes the value jump; arrow keys step it. Calls onMove(value) for every value the hand
 * makes, onGrab() and onRelease() around a drag. setValue(v) shows a value (not while the hand holds it).
 */
function makeFader(spec, { vertical, onMove, onGrab, onRelease, format }) {
  const f = document.createElement('div');
  f.className = 'fader ' + (vertical ? 'v' : 'h');
  f.tabIndex = 0;
  f.setAttribute('role', 'slider');
  f.setAttribute('aria-orientation', vertical ? 'vertical' : 'horizontal');
  f.setAttribute('aria-valuemin', spec.min);
  f.setAttribute('aria-valuemax', spec.max);
  const fill = document.createElement('i'), thumb = document.createElement('b');
  f.append(fill, thumb);
  const span = spec.max - spec.min;
  const snap = v => {
    v = Math.max(spec.min, Math.min(spec.max, v));
    return spec.type === 'INT' ? Math.round(v) : Math.round(v * 1000) / 1000;
  };
  let shown = spec.min, grab = null;
  const show = v => {
    shown = v;
    f.style.setProperty('--t', span > 0 ? clamp01((v - spec.min) / span) : 0);
    f.setAttribute('aria-valuenow', v);
    thumb.dataset.value = format(v);
  };
  const move = v => { v = snap(v); if (v === shown) return; show(v); onMove(v); };
  f.setValue = v => { if (!grab) show(Number(v)); };
  f.held = () => grab !== null;
  f.addEventListener('pointerdown', ev => {
    if (ev.button > 0 || f.closest('.learning')) return;
    ev.preventDefault();
    f.setPointerCapture(ev.pointerId);
    grab = { id: ev.pointerId, at: vertical ? ev.clientY : ev.clientX, from: shown };
    f.classList.add('dragging');
    onGrab();
  });
  f.addEventListener('pointermove', ev => {
    if (!grab || ev.pointerId !== grab.id) return;
    const r = f.getBoundingClientRect();
    const length = vertical ? r.height : r.width;
    const moved = vertical ? grab.at - ev.clientY : ev.clientX - grab.at;
    move(grab.from + moved / Math.max(1, length) * span);
  });
  const release = ev => {
    if (!grab || ev.pointerId !== grab.id) return;
    grab = null;
    f.classList.remove('dragging');
    onRelease();
  };
  for (const end of ['pointerup', 'pointercancel', 'lostpointercapture']) f.addEventListener(end, release);
  f.addEventListener('keydown', ev => {
    const step = spec.type === 'INT' ? 1 : span / 100;
    const by = { ArrowUp: step, ArrowRight: step, ArrowDown: -step, ArrowLeft: -step, PageUp: 10 * step, PageDown: -10 * step }[ev.key];
    if (by === undefined) return;
    ev.preventDefault();
    move(shown + by);
  });
  show(spec.min);
  return f;
}

/**
 * The prompt surface as a square pad, both axes -1..1 with y up. A puck (the listener) and numbered points (the
 * prompts). Dragging a point reports onPoint(slot, x, y); dragging anywhere else puts the puck under the finger
 * and reports onPuck(x, y). show(...) draws what the box reports, except what the hand holds.
 */
function makeXyPad(pad, { slots, onPuck, onPoint, onGrab, onRelease }) {
  pad.replaceChildren();
  const place = (node, x, y) => {
    node.style.left = (clamp01((x + 1) / 2) * 100) + '%';
    node.style.top = (clamp01((1 - y) / 2) * 100) + '%';
  };
  const puck = document.createElement('span');
  puck.className = 'puck';
  const points = new Map();
  for (const slot of slots) {
    const pt = document.createElement('span');
    pt.className = 'point';
    pt.dataset.slot = slot;
    pt.textContent = slot;
    points.set(String(slot), pt);
    pad.append(pt);
  }
  pad.append(puck);
  let hold = null;
  const at = ev => {
    const r = pad.getBoundingClientRect();
    const round = v => Math.round(Math.max(-1, Math.min(1, v)) * 1000) / 1000;
    return [round((ev.clientX - r.left) / r.width * 2 - 1), round(1 - (ev.clientY - r.top) / r.height * 2)];
  };
  const drag = ev => {
    const [x, y] = at(ev);
    if (hold.slot) { place(points.get(hold.slot), x, y); onPoint(hold.slot, x, y); }
    else { place(puck, x, y); onPuck(x, y); }
  };
  pad.addEventListener('pointerdown', ev => {
    if (ev.button > 0 || pad.closest('.learning')) return;
    ev.preventDefault();
    pad.setPointerCapture(ev.pointerId);
    const point = ev.target.closest('.point');
    hold = { id: ev.pointerId, slot: point ? point.dataset.slot : null };
    pad.classList.add('dragging');
    onGrab();
    drag(ev);
  });
  pad.addEventListener('pointermove', ev => { if (hold && ev.pointerId === hold.id) drag(ev); });
  const release = ev => {
    if (!hold || ev.pointerId !== hold.id) return;
    hold = null;
    pad.classList.remove('dragging');
    onRelease();
  };
  for (const end of ['pointerup', 'pointercancel', 'lostpointercapture']) pad.addEventListener(end, release);
  return {
    held: () => hold !== null,
    show(x, y, prompts) { // prompts: slot -> {x, y, label, weight, active}
      if (hold && !hold.slot) return;
      place(puck, x, y);
      for (const [slot, p] of Object.entries(prompts)) {
        const pt = points.get(slot);
        if (!pt) continue;
        if (!(hold && hold.slot === slot)) place(pt, p.x, p.y);
        pt.title = p.label;
        pt.classList.toggle('empty', !p.active);
        pt.style.setProperty('--w', clamp01(p.weight));
      }
    },
  };
}
