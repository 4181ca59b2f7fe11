'use strict';
// The Perform view: the six prompts as a mixer (label, weight fader, mute), transport, volume, a one-line status
// and the prompt surface as an XY pad. Built from the registry's specs like the Play view; uses app.js's state,
// setParam (one request in flight per parameter) and showParam (versions decide what is shown).

const SLOTS = [1, 2, 3, 4, 5, 6];
const perform = { pad: null, learning: false };

// A control the hand holds keeps its own value; showParam skips it (app.js asks this).
function heldByHand(c) {
  return c === state.dragging || (typeof c.held === 'function' && c.held());
}

function paramFader(p, vertical) {
  const f = makeFader(p, {
    vertical,
    format: v => valueText(p, v),
    onGrab: () => { state.dragging = f; },
    onMove: v => { showValue(p.id, v); setParam(p.id, v); },
    onRelease: () => { if (state.dragging === f) state.dragging = null; if (!outgoing.has(p.id)) showParam(p.id); },
  });
  f.dataset.param = p.id;
  f.setAttribute('aria-label', p.label);
  f.setValue(p.value);
  return f;
}

// A button that shows and flips a BOOL parameter.
function toggleButton(p, text, extraClass) {
  const b = el('button', { class: 'toggle ' + (extraClass || ''), 'data-param': p.id, 'aria-pressed': String(!!p.value),
    title: p.label, text });
  b.addEventListener('click', () => { if (!perform.learning) setParam(p.id, b.getAttribute('aria-pressed') !== 'true'); });
  return b;
}

function triggerButton(p) {
  return el('button', { 'data-param': p.id, title: p.description, text: p.label,
    onclick: () => { if (!perform.learning) report(api('POST', `/api/params/${encodeURIComponent(p.id)}/trigger`)).catch(() => {}); } });
}

// What a mixer strip calls its prompt: the start of its text, or "Prompt N" while it has none.
function promptName(slot) {
  const t = state.params.get(`prompt.${slot}.text`);
  const text = t ? String(t.value).trim() : '';
  return text || `Prompt ${slot}`;
}

function renderPerform() {
  const mixer = $('#mixer'), transport = $('#pf-transport'), volume = $('#pf-volume');
  mixer.replaceChildren(); transport.replaceChildren(); volume.replaceChildren();
  for (const p of state.params.values()) if (p.type === 'TRIGGER' && p.id.startsWith('transport.')) transport.append(triggerButton(p));
  for (const slot of SLOTS) {
    const w = state.params.get(`prompt.${slot}.weight`), m = state.params.get(`prompt.${slot}.mute`);
    if (!w) continue;
    mixer.append(el('div', { class: 'strip', 'data-slot': slot },
      el('span', { class: 'strip-label', 'data-label-for': `prompt.${slot}.text`, text: promptName(slot), title: promptName(slot) }),
      el('output', { 'data-for': w.id, text: valueText(w, w.value) }),
      paramFader(w, true),
      m ? toggleButton(m, 'Mute', 'mute') : null));
  }
  const vol = state.params.get('output.volume'), mute = state.params.get('output.mute');
  if (vol) volume.append(el('span', { class: 'name', text: vol.label }), paramFader(vol, false),
    el('output', { 'data-for': vol.id, text: valueText(vol, vol.value) }), mute ? toggleButton(mute, 'Mute', 'mute') : null);
  renderSurface();
  showLearnMarks();
}

// ---------- the prompt surface ----------
function renderSurface() {
  const card = $('#pf-surface'), ids = ['surface.enabled', 'surface.x', 'surface.y'];
  if (!ids.every(id => state.params.has(id))) { card.hidden = true; perform.pad = null; return; }
  card.hidden = false;
  const hand = { grab: () => { state.padHeld = true; }, release: () => { state.padHeld = false; showSurface(); } };
  perform.pad = makeXyPad($('#xy-pad'), {
    slots: SLOTS.filter(s => state.params.has(`surface.prompt.${s}.x`)),
    onGrab: hand.grab, onRelease: hand.release,
    onPuck: (x, y) => { setParam('surface.x', x); setParam('surface.y', y); },
    onPoint: (slot, x, y) => { setParam(`surface.prompt.${slot}.x`, x); setParam(`surface.prompt.${slot}.y`, y); },
  });
  const on = state.params.get('surface.enabled');
  $('#pf-surface-controls').replaceChildren(toggleButton(on, 'Surface on'),
    learnButton('surface.x', 'Learn X'), learnButton('surface.y', 'Learn Y'));
  showSurface();
}

function showSurface() {
  if (!perform.pad) return;
  const v = id => { const p = state.params.get(id); return p ? Number(p.value) : 0; };
  const prompts = {};
  for (const slot of SLOTS) {
    if (!state.params.has(`surface.prompt.${slot}.x`)) continue;
    const text = state.params.get(`prompt.${slot}.text`);
    prompts[slot] = { x: v(`surface.prompt.${slot}.x`), y: v(`surface.prompt.${slot}.y`), label: promptName(slot),
      weight: v(`prompt.${slot}.weight`), active: !!(text && String(text.value).trim()) };
  }
  perform.pad.show(v('surface.x'), v('surface.y'), prompts);
  $('#xy-pad').classList.toggle('off', !state.params.get('surface.enabled').value);
}

// Called by showParam for every change the page shows: the parts of Perform that are not a [data-param] control.
function performFollows(id) {
  const m = /^prompt\.(\d+)\.text$/.exec(id);
  if (m) for (const l of document.querySelectorAll(`[data-label-for="${CSS.escape(id)}"]`)) { l.textContent = promptName(m[1]); l.title = l.textContent; }
  if (perform.pad && !state.padHeld && (id.startsWith('surface.') || /^prompt\.\d+\.(weight|text)$/.test(id))) showSurface();
}

// ---------- one status line ----------
function showStatusLine(r) {
  const parts = [r.playing ? '▶ playing' : '■ stopped', 'RTF ' + fmt(r.realTimeFactor, 2) + '×', r.underruns + ' underruns', r.health];
  const line = $('#pf-status');
  line.textContent = parts.join(' · ');
  line.classList.toggle('bad', (r.playing && r.realTimeFactor < 1) || (r.health !== 'ok' && r.health !== 'starting'));
}

// ---------- learn mode: every control in Perform arms MIDI learn for its parameter with one tap ----------
// Wired by app.js once its helpers exist (this file loads first).
function wirePerform() {
  $('#pf-learn').addEventListener('click', () => {
    perform.learning = !perform.learning;
    $('#pf-learn').setAttribute('aria-pressed', String(perform.learning));
    $('#view-perform').classList.toggle('learning', perform.learning);
    $('#pf-learn-hint').hidden = !perform.learning;
    if (!perform.learning && state.armed) api('DELETE', '/api/learn').then(r => showLearn(r.armed)).catch(() => {});
  });
  // Capture phase: in learn mode a tap on a control arms it instead of playing it.
  $('#view-perform').addEventListener('click', ev => {
    if (!perform.learning) return;
    const c = ev.target.closest('[data-param]');
    if (!c || c.id === 'pf-learn' || c.dataset.learn !== undefined) return;
    ev.preventDefault(); ev.stopPropagation();
    armLearn(c.dataset.param);
  }, true);
  $('#pf-panic').addEventListener('click', () => { if (!perform.learning) panic(); });
}
