'use strict';
// mrtbox configuration page: plain JavaScript over the REST API (/api/...) and one WebSocket (/api/live).
// The Play and Perform views are generated from the parameter registry, so new parameters appear without changes
// here. widgets.js (fader, XY pad) and perform.js (the Perform view) load before this file.

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of kids) if (c !== null && c !== undefined) e.append(c);
  return e;
};

const state = { csrf: null, params: new Map(), socket: null, retry: 0, targets: [], mappings: [], armed: null };

// ---------- REST ----------
async function api(method, path, body, raw) {
  const opt = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET' && state.csrf) opt.headers['X-CSRF-Token'] = state.csrf;
  if (raw !== undefined) { opt.body = raw; opt.headers['Content-Type'] = 'application/octet-stream'; }
  else if (body !== undefined) { opt.body = JSON.stringify(body); opt.headers['Content-Type'] = 'application/json'; }
  const r = await fetch(path, opt);
  const data = r.status === 204 ? null : await r.json().catch(() => null);
  if (r.status === 401 && !path.startsWith('/api/auth')) { showAuth(); }
  if (!r.ok) throw new Error((data && data.error) || (r.status + ' ' + r.statusText));
  return data;
}

let toastTimer;
function toast(msg, bad) {
  const t = $('#toast');
  t.textContent = msg; t.className = 'show' + (bad ? ' bad' : '');
  clearTimeout(toastTimer); toastTimer = setTimeout(() => { t.className = ''; }, bad ? 5000 : 2200);
}
const report = (p, okMsg) => p.then(r => { if (okMsg) toast(okMsg); return r; }).catch(e => { toast(e.message, true); throw e; });

// ---------- auth ----------
async function boot() {
  const s = await api('GET', '/api/auth/state');
  if (s.loggedIn) { state.csrf = s.csrf; return enter(); }
  showAuth(s.setupRequired, s.sessionEnded);
}

// sessionEnded: why a browser that was logged in is asked again (the box says it; e.g. after a restart it could not restore).
async function showAuth(setupRequired, sessionEnded) {
  if (setupRequired === undefined) ({ setupRequired, sessionEnded } = await api('GET', '/api/auth/state'));
  $('#login-reason').textContent = sessionEnded || ''; $('#login-reason').hidden = !sessionEnded;
  closeSocket();
  $('#auth').hidden = false; $('#app').hidden = true; $('#tabs').hidden = true; $('#logout').hidden = true;
  $('#setup-form').hidden = !setupRequired; $('#login-form').hidden = setupRequired;
  (setupRequired ? $('#setup-code') : $('#login-password')).focus();
}

$('#setup-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const pw = $('#setup-password').value;
  if (pw !== $('#setup-password2').value) { $('#setup-error').textContent = 'The passwords differ.'; return; }
  try {
    const r = await api('POST', '/api/auth/setup', { code: $('#setup-code').value, password: pw });
    state.csrf = r.csrf; $('#setup-error').textContent = ''; enter();
  } catch (e) { $('#setup-error').textContent = e.message; }
});

$('#login-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  try {
    const r = await api('POST', '/api/auth/login', { password: $('#login-password').value });
    state.csrf = r.csrf; $('#login-password').value = ''; $('#login-error').textContent = ''; enter();
  } catch (e) { $('#login-error').textContent = e.message; }
});

$('#logout').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout').catch(() => {});
  state.csrf = null; showAuth(false);
});

async function enter() {
  $('#auth').hidden = true; $('#app').hidden = false; $('#tabs').hidden = false; $('#logout').hidden = false;
  await Promise.all([loadParams(), loadMappings(), loadPanic(), loadOsc(), loadSetup(), loadScenes()]);
  // a phone is on stage: it opens on the instrument; a wider screen on the status board
  showView(matchMedia('(max-width: 700px)').matches ? 'perform' : 'status');
  openSocket();
}

// ---------- tabs ----------
function showView(name) {
  for (const o of document.querySelectorAll('#tabs button')) o.classList.toggle('active', o.dataset.view === name);
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + name;
}
for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showView(b.dataset.view));

// ---------- live ----------
function openSocket() {
  closeSocket();
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live');
  state.socket = ws;
  ws.onopen = () => { state.retry = 0; setConn(true); };
  ws.onmessage = ev => onLive(JSON.parse(ev.data));
  ws.onclose = () => {
    setConn(false);
    if (state.socket !== ws) return;
    state.socket = null;
    const delay = Math.min(10000, 500 * 2 ** state.retry++);
    setTimeout(async () => {
      if ($('#app').hidden) return;
      const s = await api('GET', '/api/auth/state').catch(() => null);
      if (s && !s.loggedIn) showAuth(s.setupRequired); // the session ended: log in again
      else openSocket();
    }, delay);
  };
}
function closeSocket() { const ws = state.socket; state.socket = null; if (ws) ws.close(); }
function setConn(on) { const c = $('#conn'); c.textContent = on ? 'live' : 'offline'; c.className = 'pill ' + (on ? 'on' : 'off'); }

function onLive(m) {
  switch (m.type) {
    case 'status': showStatus(m); break;
    case 'param': paramChanged(m.id, m.value, m.version); break;
    case 'schema': loadParams(); break;
    case 'scenes': loadScenes(); break;
    case 'mappings': renderMappings(m.mappings); showLearn(m.armed); break;
    case 'midi': addMidi(m.event); break;
  }
}

// ---------- status ----------
const fmt = (v, d = 1) => (v === null || v === undefined || Number.isNaN(Number(v))) ? '–' : Number(v).toFixed(d);
function duration(s) {
  s = Math.floor(s); const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
  return h ? `${h} h ${m} min` : m ? `${m} min ${s % 60} s` : `${s % 60} s`;
}
function showStatus(m) {
  const r = m.report, sys = m.system || {};
  $('#noise-banner').hidden = !r.builtInNoise;
  $('#st-model').textContent = r.model || 'none';
  $('#st-playing').textContent = r.playing ? 'playing' : 'stopped';
  $('#st-rtf').textContent = fmt(r.realTimeFactor, 2) + '×';
  $('#st-rtf').className = r.playing && r.realTimeFactor < 1 ? 'error' : '';
  $('#st-lead').textContent = fmt(r.leadMs, 0) + ' ms';
  $('#st-underruns').textContent = r.underruns;
  $('#st-dropped').textContent = r.droppedSteps;
  $('#st-limiter').textContent = r.limiterReductionDb > 0.05 ? '−' + fmt(r.limiterReductionDb) + ' dB' : 'idle';
  $('#st-step').textContent = fmt(r.stepMsMedian) + ' / ' + fmt(r.stepMsP99) + ' ms';
  $('#st-cpu').textContent = sys.cpuPercent != null ? fmt(sys.cpuPercent, 0) + ' %' : (sys.load1 != null ? 'load ' + fmt(sys.load1, 2) : 'n/a');
  $('#st-temp').textContent = sys.temperatureC != null ? fmt(sys.temperatureC, 0) + ' °C' : 'n/a';
  $('#st-health').textContent = r.health;
  $('#st-uptime').textContent = duration(r.uptimeSeconds);
  $('#st-error').textContent = r.lastError ? 'Last error: ' + r.lastError : '';
  for (let ch = 0; ch < 2; ch++) {
    const peak = Number(r.peakDb[ch] ?? -120), rms = Number(r.rmsDb[ch] ?? -120);
    const pos = db => Math.max(0, Math.min(100, (db + 60) / 60 * 100));
    $('#meter-rms-' + ch).style.width = pos(rms) + '%';
    $('#meter-peak-' + ch).style.left = pos(peak) + '%';
    $('#meter-db-' + ch).textContent = peak > -119 ? fmt(peak) + ' dB' : '–∞';
  }
  if (r.spectrumDb && r.spectrumDb.length) drawColumn(r.spectrumDb);
  showStatusLine(r);
  if (m.armed !== undefined) showLearn(m.armed);
}

function drawColumn(bands) {
  const c = $('#spectrogram'), g = c.getContext('2d'), w = 3;
  g.drawImage(c, -w, 0);
  const h = c.height / bands.length;
  for (let i = 0; i < bands.length; i++) {
    const db = Number(bands[i]);
    const t = Math.max(0, Math.min(1, ((Number.isFinite(db) ? db : -120) + 100) / 100));
    g.fillStyle = `hsl(${260 - 220 * t}, 80%, ${6 + 56 * t}%)`;
    g.fillRect(c.width - w, c.height - (i + 1) * h, w, Math.ceil(h));
  }
}

// ---------- parameters (generated from the registry) ----------
async function loadParams() {
  const r = await api('GET', '/api/params');
  for (const p of r.params) p.version = r.version;
  state.params = new Map(r.params.map(p => [p.id, p]));
  renderPlay();
}

function control(p) {
  const id = p.id;
  if (p.type === 'TRIGGER') {
    return el('button', { 'data-param': id, title: p.description, onclick: () => report(api('POST', `/api/params/${id}/trigger`)).catch(() => {}) },
      p.label);
  }
  if (p.type === 'BOOL') {
    const box = el('input', { type: 'checkbox', 'data-param': id, 'aria-label': p.label });
    box.checked = p.value;
    box.addEventListener('change', () => setParam(id, box.checked));
    return box;
  }
  if (p.type === 'ENUM') {
    const s = el('select', { 'data-param': id, 'aria-label': p.label }, ...p.choices.map(c => el('option', { value: c, text: c })));
    s.value = p.value;
    s.addEventListener('change', () => setParam(id, s.value));
    return s;
  }
  if (p.type === 'TEXT') {
    const t = el(p.maxLength > 80 ? 'textarea' : 'input', { 'data-param': id, maxlength: p.maxLength, placeholder: p.description, 'aria-label': p.label });
    t.value = p.value;
    t.addEventListener('change', () => setParam(id, t.value));
    return t;
  }
  const step = p.type === 'INT' ? 1 : (p.max - p.min) / 1000;
  const big = p.max - p.min > 100000;
  const r = el('input', { type: big ? 'number' : 'range', min: p.min, max: p.max, step, 'data-param': id, 'aria-label': p.label });
  r.value = p.value;
  r.addEventListener('pointerdown', () => { state.dragging = r; });
  for (const end of ['pointerup', 'pointercancel']) r.addEventListener(end, () => {
    state.dragging = null;
    if (!outgoing.has(id)) showParam(id); // let go without a move: show what came in meanwhile
  });
  r.addEventListener('input', () => { // setParam keeps one request in flight: a fast drag sends its latest value only
    if (big) return;
    showValue(id, Number(r.value));
    setParam(id, Number(r.value));
  });
  r.addEventListener('change', () => setParam(id, Number(r.value)));
  return r;
}

function valueText(p, v) {
  if (typeof v !== 'number') return String(v);
  return (p.type === 'INT' ? String(v) : v.toFixed(Math.abs(p.max - p.min) <= 2 ? 2 : 1)) + (p.unit ? ' ' + p.unit : '');
}
function showValue(id, v) {
  const p = state.params.get(id);
  for (const o of document.querySelectorAll(`output[data-for="${CSS.escape(id)}"]`)) o.textContent = valueText(p, v);
}

const mappable = p => p.type !== 'TEXT';

function paramRow(p) {
  const out = p.type === 'FLOAT' || p.type === 'INT' ? el('output', { 'data-for': p.id, text: valueText(p, p.value) }) : el('span');
  return el('div', { class: 'param', title: p.description },
    el('span', { class: 'name' }, p.label, p.requiresReset ? el('span', { class: 'reset', text: ' (after reset)' }) : null),
    control(p), out, mappable(p) ? learnButton(p.id) : el('span'));
}

function renderPlay() {
  const prompts = $('#prompts'), groups = $('#param-groups'), transport = $('#transport-buttons');
  prompts.replaceChildren(); groups.replaceChildren(); transport.replaceChildren();
  const slots = new Map(), byGroup = new Map();
  for (const p of state.params.values()) {
    const m = /^prompt\.(\d+)\.(.+)$/.exec(p.id);
    if (m) { if (!slots.has(m[1])) slots.set(m[1], []); slots.get(m[1]).push(p); continue; }
    if (p.type === 'TRIGGER' && p.id.startsWith('transport.')) { transport.append(control(p)); continue; }
    if (!byGroup.has(p.group)) byGroup.set(p.group, []);
    byGroup.get(p.group).push(p);
  }
  for (const [slot, ps] of slots) prompts.append(promptCard(slot, ps));
  for (const [g, ps] of byGroup) groups.append(el('div', { class: 'card' }, el('h3', { text: g }), ...ps.map(paramRow)));
  const mute = state.params.get('output.mute');
  $('#mute-toggle').checked = !!(mute && mute.value);
  // raw ids only here, for scripts and OSC patches
  $('#param-ids').replaceChildren(...[...state.params.values()].map(p =>
    el('li', {}, el('span', { text: p.label + ' ' }), el('code', { text: p.id }), el('code', { text: p.osc }))));
  renderPerform();
}

function promptCard(slot, ps) {
  const card = el('div', { class: 'card prompt', 'data-slot': slot }, el('h3', { text: 'Prompt ' + slot }));
  for (const p of ps) {
    if (p.id.endsWith('.text')) {
      const t = control(p);
      t.placeholder = 'text, :STYLE or :STYLE/2 (personal style), @N (uploaded audio)';
      card.append(t);
    }
    else if (p.id.endsWith('.weight')) card.append(el('div', { class: 'weight' }, el('span', { text: 'weight' }), control(p),
      el('output', { 'data-for': p.id, text: valueText(p, p.value) }), learnButton(p.id)));
    else card.append(paramRow(p));
  }
  const file = el('input', { type: 'file', accept: 'audio/*,.wav,.aif,.aiff,.au,.flac,.ogg,.mp3', 'data-upload': slot });
  file.addEventListener('change', async () => {
    const f = file.files[0]; if (!f) return;
    // The box answers with what it did: the slot now plays the upload (its text becomes @N).
    const r = await report(api('POST', `/api/prompts/${slot}/audio?name=${encodeURIComponent(f.name)}`, undefined, f)).catch(() => null);
    if (r) toast(r.stored || `Audio prompt for slot ${slot} uploaded`);
    file.value = '';
  });
  card.append(el('label', { class: 'upload' }, 'Audio prompt (WAV, AIFF, AU, FLAC, Ogg Vorbis, MP3)', file));
  return card;
}

// The page's own writes, per parameter: one request in flight and only the latest value waiting behind it, so the
// registry gets a hand's moves in order and ends where the hand stopped (parallel requests could land in any order).
const outgoing = new Map(); // id -> { next, hasNext, done }

function setParam(id, value) {
  let o = outgoing.get(id);
  if (o) { o.next = value; o.hasNext = true; return o.done; }
  o = { next: value, hasNext: true };
  outgoing.set(id, o);
  o.done = sendLatest(id, o);
  return o.done;
}

async function sendLatest(id, o) {
  let failed = false;
  while (o.hasNext) {
    const value = o.next;
    o.hasNext = false;
    try {
      const r = await report(api('PUT', '/api/params/' + encodeURIComponent(id), { value }));
      if (r.reason) toast(id + ': ' + r.reason);
      paramChanged(id, r.value, r.version);
    } catch (e) { failed = true; }
  }
  outgoing.delete(id);
  if (failed) await loadParams().catch(() => {});
  else showParam(id, true);
}

// A parameter's value as the registry reported it. Answers and live echoes arrive over two connections in any
// order, so each carries the registry version it belongs to and an older one never overwrites a newer one.
function paramChanged(id, value, version) {
  const p = state.params.get(id);
  if (!p) return;
  if (version === undefined || version <= p.version) return; // stale, or superseded by another writer's echo
  p.value = value;
  p.version = version;
  if (!outgoing.has(id)) showParam(id); // while the page's own value is on its way, the control keeps showing it
}

function showParam(id, fromHere) {
  const p = state.params.get(id);
  if (!p) return;
  const value = p.value;
  for (const c of document.querySelectorAll(`[data-param="${CSS.escape(id)}"]`)) {
    if (c.classList.contains('toggle')) { c.setAttribute('aria-pressed', String(!!value)); continue; }
    if (c.tagName === 'BUTTON') continue;
    if (c.type === 'checkbox') { c.checked = !!value; continue; }
    // do not fight the hand: a slider being dragged or a field being typed in keeps its local value
    if (heldByHand(c) || (!fromHere && c.type !== 'range' && document.activeElement === c)) continue;
    if (c.setValue) c.setValue(value); else c.value = value;
  }
  if (!state.dragging || state.dragging.dataset.param !== id) showValue(id, value);
  if (id === 'output.mute') $('#mute-toggle').checked = !!value;
  performFollows(id);
}

function panic() {
  report(api('POST', '/api/panic'), 'Panic: notes off, output muted')
    .then(r => paramChanged('output.mute', r.mute.value, r.mute.version)).catch(() => {});
}
$('#mute-toggle').addEventListener('change', ev => setParam('output.mute', ev.target.checked));
$('#panic').addEventListener('click', panic);

// ---------- mappings, learn, MIDI monitor, OSC ----------
const ENUMS = {
  type: ['cc', 'cc14', 'nrpn', 'pitch_bend', 'note', 'program_change', 'channel_pressure'],
  curve: ['linear', 'exponential', 'logarithmic'],
  mode: ['absolute', 'relative_twos_complement', 'relative_binary_offset', 'relative_sign_magnitude', 'toggle', 'momentary'],
  takeover: ['jump', 'pickup', 'scale'],
};

async function loadMappings() {
  const r = await api('GET', '/api/mappings');
  state.targets = r.targets;
  const sel = $('#learn-target'), keep = sel.value;
  sel.replaceChildren(...r.targets.map(t => el('option', { value: t.id, text: `${t.label} (${t.group})` })));
  if (keep) sel.value = keep;
  renderMappings(r.mappings);
  showLearn(r.armed);
}

const optionText = o => o.replace('RELATIVE_TWOS_COMPLEMENT', 'relative 2s compl.').replace('RELATIVE_BINARY_OFFSET', 'relative offset')
  .replace('RELATIVE_SIGN_MAGNITUDE', 'relative sign-mag.').replace(/_/g, ' ').toLowerCase();
const select = (options, value, attrs, text = optionText) => {
  const s = el('select', attrs, ...options.map(o => el('option', { value: o, text: text(o) })));
  s.value = value; return s;
};
const targetLabel = id => { const t = state.targets.find(x => x.id === id); return t ? `${t.label} (${t.group})` : id; };
const num = (value, attrs) => { const i = el('input', Object.assign({ type: 'number' }, attrs)); i.value = value; return i; };

function mappingRow(m) {
  const isNew = !m.id;
  const f = {
    target: select(state.targets.map(t => t.id), m.target, { 'aria-label': 'target' }, targetLabel),
    device: el('input', { value: m.source.device, placeholder: 'any', 'aria-label': 'device', class: 'device' }),
    channel: num(m.source.channel, { min: 0, max: 16, title: '0 = any', 'aria-label': 'channel' }),
    type: select(ENUMS.type, m.source.type, { 'aria-label': 'type' }),
    number: num(m.source.number, { min: 0, max: 16383, 'aria-label': 'number' }),
    min: num(m.min, { step: 'any', 'aria-label': 'min' }),
    max: num(m.max, { step: 'any', 'aria-label': 'max' }),
    curve: select(ENUMS.curve, m.curve, { 'aria-label': 'curve' }),
    mode: select(ENUMS.mode, m.mode, { 'aria-label': 'mode' }),
    takeover: select(ENUMS.takeover, m.takeover, { 'aria-label': 'takeover' }),
    feedback: el('input', { type: 'checkbox', 'aria-label': 'feedback' }),
  };
  f.feedback.checked = m.feedback;
  const read = () => ({
    id: m.id || '', target: f.target.value,
    source: { device: f.device.value, channel: Number(f.channel.value), type: f.type.value, number: Number(f.number.value) },
    min: Number(f.min.value), max: Number(f.max.value), curve: f.curve.value, mode: f.mode.value,
    takeover: f.takeover.value, feedback: f.feedback.checked,
  });
  const save = el('button', { text: isNew ? 'Add' : 'Save', onclick: () => report(isNew
    ? api('POST', '/api/mappings', read()) : api('PUT', '/api/mappings/' + encodeURIComponent(m.id), read()), 'Mapping saved').then(loadMappings).catch(() => {}) });
  const del = el('button', { class: 'quiet', text: isNew ? 'Drop' : 'Delete', onclick: () => isNew ? row.remove()
    : report(api('DELETE', '/api/mappings/' + encodeURIComponent(m.id)), 'Mapping deleted').then(loadMappings).catch(() => {}) });
  // data-label names each cell where a narrow screen stacks the row (style.css)
  const row = el('tr', { 'data-mapping': m.id || 'new' }, ...Object.entries(f).map(([k, x]) => el('td', { 'data-label': k }, x)),
    el('td', { class: 'actions' }, save, ' ', del));
  return row;
}

function renderMappings(list) {
  state.mappings = list;
  $('#mapping-table tbody').replaceChildren(...list.map(mappingRow));
  showLearnMarks();
}

$('#mapping-add').addEventListener('click', () => {
  $('#mapping-table tbody').append(mappingRow({ id: '', target: state.targets.length ? state.targets[0].id : '', min: 0, max: 1, curve: 'linear', mode: 'absolute',
    takeover: 'pickup', feedback: true, source: { device: '', channel: 0, type: 'cc', number: 1 } }));
});

function showLearn(armed) {
  armed = armed || null;
  const s = $('#learn-state');
  s.textContent = armed ? `Waiting: move a control to map it to ${targetLabel(armed)}…` : 'Pick a parameter, press Learn, then move a knob.';
  s.className = armed ? 'armed' : 'hint';
  $('#learn-button').disabled = !!armed;
  if (armed !== state.armed) { state.armed = armed; showLearnMarks(); }
}

// Learn next to a control: one tap arms it; it says "move a knob…" until mapped, then what it is mapped to.
function learnButton(id, text = 'Learn') {
  return el('button', { class: 'quiet learn', 'data-learn': id, 'data-text': text, text,
    onclick: () => state.armed === id ? cancelLearn() : armLearn(id) });
}
function armLearn(id) { report(api('POST', '/api/learn', { target: id })).then(r => showLearn(r.armed)).catch(() => {}); }
function cancelLearn() { report(api('DELETE', '/api/learn')).then(r => showLearn(r.armed)).catch(() => {}); }

function mappingText(id) {
  const ms = state.mappings.filter(m => m.target === id);
  if (!ms.length) return '';
  const m = ms[0].source, kind = m.type.toUpperCase() === 'CC' ? 'CC' : optionText(m.type);
  return `${kind} ${m.number}${m.channel ? ' ch' + m.channel : ''}${m.device ? ' · ' + m.device : ''}` + (ms.length > 1 ? ` +${ms.length - 1}` : '');
}
// Every control shows its state: a learn button its mapping or the wait; a Perform control the same in learn mode.
function showLearnMarks() {
  for (const b of document.querySelectorAll('[data-learn]')) {
    const id = b.dataset.learn, armed = state.armed === id;
    b.textContent = armed ? 'move a knob…' : mappingText(id) || b.dataset.text;
    b.classList.toggle('armed', armed);
    b.classList.toggle('mapped', !armed && !!mappingText(id));
  }
  for (const c of document.querySelectorAll('#view-perform [data-param]')) {
    const id = c.dataset.param;
    c.dataset.map = state.armed === id ? 'move a knob…' : mappingText(id) || 'tap to learn';
    c.classList.toggle('armed', state.armed === id);
  }
}
$('#learn-button').addEventListener('click', () => armLearn($('#learn-target').value));
$('#learn-cancel').addEventListener('click', cancelLearn);
$('#unlearn-button').addEventListener('click', () => {
  const t = $('#learn-target').value;
  report(api('POST', '/api/unlearn', { target: t })).then(r => toast(`Removed ${r.removed} mapping(s) of ${targetLabel(t)}`)).catch(() => {});
});

function addMidi(e) {
  const list = $('#midi-monitor');
  const t = new Date(e.timeMillis).toLocaleTimeString();
  list.prepend(el('li', { text: `${t}  ${e.device}  ch${e.channel}  ${e.type} ${e.number} = ${e.value}` }));
  while (list.children.length > 50) list.lastChild.remove();
}

// The MIDI panic control, changed while the box runs (PUT /api/midi/panic); the page's choice wins over the config's.
function showPanic(r) {
  const p = r.panic;
  $('#panic-type').value = p ? p.type : '';
  if (p) { $('#panic-channel').value = p.channel; $('#panic-number').value = p.number; $('#panic-device').value = p.device; }
  const where = r.from === 'page' ? 'chosen here' : 'from the config file';
  $('#panic-state').textContent = p
    ? `Now: ${p.type} ${p.number} on ${p.channel ? 'channel ' + p.channel : 'any channel'}${p.device ? ' of ' + p.device : ''} (${where}). Pressing it ends all notes and mutes the output.`
    : `Now: none (${where}).`;
}
async function loadPanic() { showPanic(await api('GET', '/api/midi/panic')); }
$('#panic-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const type = $('#panic-type').value;
  const panic = type ? { device: $('#panic-device').value.trim(), channel: Number($('#panic-channel').value), type, number: Number($('#panic-number').value) } : null;
  report(api('PUT', '/api/midi/panic', { panic }), 'Panic control applied').then(showPanic).catch(() => {});
});

async function loadOsc() {
  const r = await api('GET', '/api/osc');
  $('#osc-port').value = r.settings.port;
  $('#osc-allow').value = r.settings.allowlist.join(', ');
  $('#osc-effective').textContent = r.effectiveAllowlist.join(', ');
  $('#osc-clients').textContent = r.clients.length ? r.clients.map(c => `${c.address}:${c.port} (${c.via})`).join(', ') : 'none';
  const link = $('#oscquery-link');
  if (r.oscQueryPort > 0) { link.href = `http://${location.hostname}:${r.oscQueryPort}/`; link.textContent = link.href; }
  else { link.removeAttribute('href'); link.textContent = 'off'; }
}
$('#osc-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const allowlist = $('#osc-allow').value.split(',').map(s => s.trim()).filter(Boolean);
  report(api('PUT', '/api/osc', { port: Number($('#osc-port').value), allowlist }), 'OSC settings applied').then(loadOsc).catch(() => {});
});

// ---------- setup: audio, models, scenes, backup, password ----------
async function loadSetup() {
  const [audio, models] = await Promise.all([api('GET', '/api/audio'), api('GET', '/api/models')]);
  const dev = $('#audio-device');
  dev.replaceChildren(...audio.devices.map(d => el('option', { value: d.name, text: d.description ? `${d.name} (${d.description})` : d.name })));
  const sel = audio.devices.find(d => d.selected); if (sel) dev.value = sel.name;
  $('#model-table tbody').replaceChildren(...models.models.map(m => el('tr', { 'data-model': m.name },
    el('td', { text: m.name, 'data-label': 'name' }), el('td', { text: m.kind, 'data-label': 'kind' }),
    el('td', { 'data-label': 'status', text: modelStatus(m) }),
    el('td', { class: 'actions' }, m.installed && !m.chosen ? el('button', { text: 'Use', onclick: () =>
      report(api('PUT', '/api/models/active', { name: m.name }), `Loading ${m.name}; the current model plays on meanwhile`).then(loadSetup).catch(() => {}) }) : null))));
  // A live switch loads beside the playing model: follow it until it plays or fails.
  clearTimeout(state.modelPoll);
  if (models.models.some(m => m.loading)) state.modelPoll = setTimeout(() => loadSetup().catch(() => {}), 500);
}
// What plays, what loads and what is chosen are said apart; a failed switch says why (the old model played on).
function modelStatus(m) {
  if (!m.installed) return 'missing: ' + m.missing.join(', ');
  const noise = m.builtInNoise ? ' (noise)' : '';
  if (m.loading) return `loading… ${m.loadSeconds.toFixed(0)} s (the playing model plays on)`;
  if (m.playing && m.chosen) return 'playing' + noise;
  if (m.playing) return 'playing until the next start' + noise;
  if (m.failure) return 'could not switch: ' + m.failure;
  if (m.chosen) return 'chosen: plays from the next start';
  return 'installed';
}
$('#audio-use').addEventListener('click', () => report(api('PUT', '/api/audio/device', { name: $('#audio-device').value }), 'Output device selected').then(loadSetup).catch(() => {}));
$('#tone-level').addEventListener('input', ev => { $('#tone-level-out').textContent = ev.target.value + ' dB'; });
$('#tone-play').addEventListener('click', () => report(api('POST', '/api/audio/test-tone', { levelDb: Number($('#tone-level').value), seconds: 2 }), 'Test tone playing').catch(() => {}));

async function loadScenes() {
  const r = await api('GET', '/api/scenes');
  $('#scene-list').replaceChildren(...r.scenes.map(s => {
    const boot = el('input', { type: 'radio', name: 'boot-scene', title: 'recall at start' });
    boot.checked = r.boot === s.name;
    boot.addEventListener('change', () => report(api('PUT', '/api/scenes/boot', { name: s.name }), `${s.name} is the boot scene`).catch(() => {}));
    return el('li', { 'data-scene': s.name },
      el('span', { class: 'name', text: s.name }),
      el('label', { class: 'switch' }, boot, 'boot'),
      el('button', { class: 'recall', text: 'Recall', onclick: () => report(api('POST', '/api/scenes/recall', { name: s.name }))
        .then(x => toast(`Recalled ${x.scene}: ${x.applied} values` + (x.problems.length ? `, ${x.problems.length} problem(s)` : ''))).catch(() => {}) }),
      el('button', { class: 'quiet rename', text: 'Rename', onclick: () => {
        const to = prompt('New name for ' + s.name, s.name);
        if (to && to !== s.name) report(api('POST', '/api/scenes/rename', { from: s.name, to })).then(loadScenes).catch(() => {});
      } }),
      el('button', { class: 'quiet delete', text: 'Delete', onclick: () => {
        if (confirm('Delete scene ' + s.name + '?')) report(api('POST', '/api/scenes/delete', { name: s.name })).then(loadScenes).catch(() => {});
      } }));
  }));
}
$('#scene-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const name = $('#scene-name').value;
  report(api('POST', '/api/scenes', { name }), `Saved scene ${name}`).then(() => { $('#scene-name').value = ''; loadScenes(); }).catch(() => {});
});

$('#restore-file').addEventListener('change', async ev => {
  const f = ev.target.files[0]; if (!f) return;
  await report(api('POST', '/api/config/restore', undefined, f)).then(r => { toast(r.restored); enter(); }).catch(() => {});
  ev.target.value = '';
});

$('#password-form').addEventListener('submit', ev => {
  ev.preventDefault();
  report(api('POST', '/api/auth/password', { current: $('#pw-current').value, password: $('#pw-new').value }), 'Password changed')
    .then(() => { $('#pw-current').value = ''; $('#pw-new').value = ''; }).catch(() => {});
});

wirePerform();
boot().catch(e => toast(e.message, true));
