// morph's report page: renders the JSON in #morph-data. Every name goes into the page as text
// (textContent, attribute values), never as markup. A served page (data.live) asks the server
// for fresh data by relative URLs, so it works through an SSH tunnel.
(function () {
  'use strict';
  const ROW = 22;
  const SVG = 'http://www.w3.org/2000/svg';
  let D = JSON.parse(document.getElementById('morph-data').textContent);
  let shownJob = null, shownRun = null, runChosen = false, followTimer = null, follow = null;
  const hidden = new Set();

  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v);
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : String(kid));
    return e;
  }
  function s(tag, attrs, ...kids) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const kid of kids) e.append(kid instanceof Node ? kid : String(kid));
    return e;
  }
  const $ = id => document.getElementById(id);
  const pad = n => String(n).padStart(2, '0');
  function time(ms) {
    if (ms === null || ms === undefined) return '—';
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function dur(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return ms + ' ms';
    const sec = ms / 1000;
    if (sec < 60) return sec.toFixed(1) + ' s';
    const m = Math.floor(sec / 60);
    return m < 60 ? m + ' min ' + Math.round(sec % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }
  function bytes(b) {
    if (b === null || b === undefined) return '—';
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0;
    while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
    return (i ? b.toFixed(1) : b) + ' ' + u[i];
  }
  const state = i => D.states[i];
  function badge(i) {
    const st = state(i);
    return h('span', { class: 'badge state', 'data-state': st[0], style: 'background:' + st[2] }, st[1] + ' ' + st[0]);
  }
  function stepColor(step) {
    let i = D.steps.indexOf(step);
    if (i < 0) i = D.steps.length + D.globals.findIndex(g => g.step === step);
    return 'hsl(' + ((i * 137) % 360) + ',55%,62%)';
  }
  function token() {
    const q = new URLSearchParams(location.search).get('token');
    const f = new URLSearchParams(location.hash.slice(1)).get('token');
    return f || q || '';
  }
  function api(path) {
    const t = new URLSearchParams(location.search).get('token');
    return path + (t ? (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(t) : '');
  }

  // ---- header, legend, filters
  function renderHeader() {
    $('title').textContent = 'morph report: ' + D.pipeline;
    $('where').textContent = D.root + ' · ' + D.rows.length + ' experiments · made ' + time(D.generated);
    const counts = D.states.map(() => 0);
    D.rows.forEach(r => r[1].forEach(c => { if (c >= 0) counts[c]++; }));
    const legend = $('legend'); legend.replaceChildren();
    D.states.forEach((st, i) => {
      const key = h('span', { class: 'key' + (hidden.has(i) ? ' off' : ''), 'data-state': st[0], style: 'background:' + st[2],
        title: 'click to hide or show rows whose cells are all in other states',
        onclick: () => { hidden.has(i) ? hidden.delete(i) : hidden.add(i); renderHeader(); renderMatrix(); } },
        st[1] + ' ' + st[0] + ' (' + counts[i] + ')');
      legend.append(key);
    });
    const sel = $('state-filter');
    if (sel.options.length === 1) D.states.forEach((st, i) => sel.append(h('option', { value: String(i) }, 'rows with a ' + st[0] + ' cell')));
  }

  // ---- the matrix, virtualised: only the rows in view are in the page
  let filtered = [];
  function renderMatrix() {
    const text = $('filter').value.toLowerCase();
    const want = $('state-filter').value;
    filtered = D.rows.filter(r => r[0].toLowerCase().includes(text)
      && (want === '' || r[1].includes(Number(want)))
      && (hidden.size === 0 || r[1].some(c => c >= 0 && !hidden.has(c))));
    $('row-count').textContent = filtered.length + ' of ' + D.rows.length + ' experiments';
    const head = $('matrix-head'); head.replaceChildren(h('div', { class: 'name' }, 'experiment'));
    D.steps.forEach(st => head.append(h('div', { class: 'step', title: st }, st)));
    $('matrix-rows').style.height = (filtered.length * ROW) + 'px';
    $('matrix-body').style.height = Math.min(filtered.length * ROW + 2, Math.round(window.innerHeight * 0.6)) + 'px';
    drawRows();
  }
  function drawRows() {
    const body = $('matrix-body'), rows = $('matrix-rows');
    const first = Math.max(0, Math.floor(body.scrollTop / ROW) - 10);
    const last = Math.min(filtered.length, first + Math.ceil(body.clientHeight / ROW) + 20);
    rows.replaceChildren();
    for (let i = first; i < last; i++) {
      const r = filtered[i];
      const row = h('div', { class: 'mrow', 'data-exp': r[0], style: 'top:' + (i * ROW) + 'px' }, h('div', { class: 'name', title: r[0] }, r[0]));
      r[1].forEach((c, k) => {
        if (c < 0) { row.append(h('span', { class: 'cell none' })); return; }
        const st = state(c), id = D.steps[k] + '[' + r[0] + ']';
        row.append(h('button', { type: 'button', class: 'cell' + (id === shownJob ? ' sel' : ''), 'data-job': id, 'data-step': D.steps[k],
          'data-state': st[0], style: 'background:' + st[2], title: D.steps[k] + ': ' + st[0], onclick: () => showJob(id, st[0]) }, st[1]));
      });
      rows.append(row);
    }
  }

  // ---- one job: why, what it reads and writes, its last execution
  function showJob(id, word) {
    shownJob = id;
    const raw = D.jobs[id] || {};
    const exp = id.includes('[') ? id.slice(id.indexOf('[') + 1, -1) : '';
    const T = i => D.strings[i].split('\u0000').join(exp);
    const j = { reasons: raw.reasons && raw.reasons.map(T), chain: raw.chain && raw.chain.map(c => c.map(T)),
      missing: raw.missing && raw.missing.map(T), blockedBy: raw.blockedBy && raw.blockedBy.map(T),
      in: raw.in && raw.in.map(x => [T(x[0]), T(x[1]), x[2]]), out: raw.out && raw.out.map(x => [T(x[0]), x[1]]), last: raw.last, tail: raw.tail };
    const body = $('detail-body'); body.replaceChildren();
    body.append(h('h3', { class: 'job-id' }, id), h('p', {}, 'state: ', h('b', { class: 'job-state' }, word)));
    if (j.chain && j.chain.length) {
      body.append(h('h4', {}, 'Why'), h('ol', { class: 'chain reasons' }, j.chain.map(c => h('li', {}, h('code', {}, c[0]), ' — ', h('span', { class: 'mono' }, c[1]), ': ', c[2]))));
      if (j.reasons.length > 1) body.append(h('h4', {}, 'Every reason'), h('ul', { class: 'reasons' }, j.reasons.map(r => h('li', {}, r))));
    } else if (word === 'up-to-date') body.append(h('p', { class: 'reasons' }, 'Nothing makes it stale: every output is newer than every input.'));
    if (j.missing) body.append(h('h4', {}, 'Missing inputs'), h('ul', {}, j.missing.map(m => h('li', { class: 'mono' }, m))));
    if (j.blockedBy) body.append(h('p', {}, 'blocked by ', j.blockedBy.join(', ')));
    if (j.in) body.append(h('h4', {}, 'Inputs'), table(['input', 'path', 'modified'], j.in.map(x => [x[0], h('span', { class: 'mono' }, x[1]), x[2] === null ? 'missing' : time(x[2])])));
    if (j.out) body.append(h('h4', {}, 'Outputs'), table(['path', 'modified'], j.out.map(x => [h('span', { class: 'mono' }, x[0]), x[1] === null ? 'missing' : time(x[1])])));
    const l = j.last;
    body.append(h('h4', {}, 'Last execution'));
    if (!l) body.append(h('p', { class: 'muted' }, 'morph has no record of running it.'));
    else {
      body.append(table(['run', 'attempt', 'status', 'started', 'duration', 'exit code'],
        [[l.run, l.attempt, l.status, time(l.started), dur(l.durationMs), l.exit === null ? '—' : l.exit]]));
      if (l.message) body.append(h('p', {}, l.message));
      if (l.usage) body.append(h('h4', {}, 'Resources used'), usageTable([{ wallMs: l.usage[0], cpuMs: l.usage[1], peakBytes: l.usage[2], cpus: l.usage[3], memBytes: l.usage[4] }]));
      // a served page follows the log; a refresh keeps the log already shown and where it had got to
      const same = D.live && follow && follow.run === l.run && follow.job === id;
      const pre = same ? follow.pre : h('pre', { class: 'log' }, (j.tail || []).join('\n'));
      body.append(h('h4', {}, D.live ? 'Log' : 'Log (last lines)'), pre);
      if (D.live && !same) followLog(l.run, id, pre);
    }
    $('detail').hidden = false;
    drawRows();
  }
  function table(head, rows) {
    return h('table', {}, h('tr', {}, head.map(x => h('th', {}, x))), rows.map(r => h('tr', {}, r.map(c => h('td', {}, c)))));
  }
  function usageTable(list) {
    return table(['wall', 'CPU', 'peak memory', 'requested cpus', 'requested mem'], list.map(u =>
      [dur(u.wallMs), dur(u.cpuMs), bytes(u.peakBytes), u.cpus ?? '—', u.memBytes ? bytes(u.memBytes) : '—']));
  }
  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; shownJob = null; follow = null; clearTimeout(followTimer); drawRows(); });

  // ---- global steps and their fan-in
  function renderGlobals() {
    const box = $('globals'); box.replaceChildren();
    if (!D.globals.length) { box.append(h('p', { class: 'muted' }, 'none')); return; }
    const rows = D.globals.map(g => {
      const fan = [];
      for (const [input, f] of Object.entries(g.fanIn || {})) {
        const out = Object.entries(f.excluded || {});
        fan.push(h('div', {}, h('b', {}, input), ': reads ' + f.included.length + ' experiments',
          out.length ? h('details', { open: out.length <= 20 ? '' : null }, h('summary', {}, out.length + ' left out'),
            h('ul', { class: 'left-out' }, out.map(([e, why]) => h('li', {}, h('span', { class: 'exp' }, e), ' left out: ' + why)))) : ' (none left out)'));
      }
      return [h('a', { href: '#', class: 'global', 'data-job': g.step, onclick: ev => { ev.preventDefault(); showJob(g.step, state(g.state)[0]); } }, g.step), badge(g.state), fan];
    });
    box.append(table(['step', 'state', 'fan-in'], rows));
  }

  // ---- runs, progress, timeline
  function renderRuns() {
    const box = $('runs'); box.replaceChildren();
    if (!D.runs.length) { box.append(h('p', { class: 'muted' }, 'No runs recorded yet.')); $('timeline').replaceChildren(); $('run-detail').replaceChildren(); return; }
    // the newest run, until a person picks one
    if (!runChosen || !D.runs.some(r => r.id === shownRun)) shownRun = D.runs[0].id;
    box.append(h('table', { id: 'run-table' }, h('tr', {}, ['run', 'status', 'reason', 'started', 'duration', 'ok', 'failed', 'skipped'].map(x => h('th', {}, x))),
      D.runs.map(r => h('tr', { class: r.id === shownRun ? 'sel' : '', 'data-run': r.id, onclick: () => { shownRun = r.id; runChosen = true; renderRuns(); } },
        [r.id, r.status, r.reason || '', time(r.start), dur(r.end - r.start), ...(r.metrics ? [r.metrics[1], r.metrics[2], r.metrics[3]] : ['', '', ''])].map(c => h('td', {}, c))))));
    const run = D.runs.find(r => r.id === shownRun);
    renderRunDetail(run);
    renderTimeline(run);
  }
  function renderRunDetail(run) {
    const box = $('run-detail'); box.replaceChildren(h('h3', {}, 'Run ' + run.id + ': ' + run.status + (run.message ? ' — ' + run.message : '')));
    box.append(table(['step', 'progress', 'done', 'failed/skipped', 'running', 'jobs'], Object.entries(run.progress).map(([step, c]) =>
      [step, h('span', { class: 'progress', 'data-step': step }, h('span', { class: 'done', style: 'width:' + (100 * c[0] / c[3]) + '%' }),
        h('span', { class: 'bad', style: 'width:' + (100 * c[1] / c[3]) + '%' }), h('span', { class: 'run', style: 'width:' + (100 * c[2] / c[3]) + '%' })), c[0], c[1], c[2], c[3]])));
    if (run.usage && Object.keys(run.usage).length) {
      box.append(h('h4', {}, 'Resource use per step (min / median / max against the request)'),
        table(['step', 'jobs', 'wall', 'CPU', 'peak memory', 'requested mem', 'requested cpus', 'CPU per wall'],
          Object.entries(run.usage).map(([step, u]) => [step, u.n, spread(u.wall, dur), spread(u.cpu, dur), spread(u.peak, bytes),
            u.memBytes ? bytes(u.memBytes) : '—', u.cpus ?? '—', u.cpuRatio === null ? '—' : u.cpuRatio.toFixed(2)])));
    }
    // the stop controls stay in the page across refreshes, so a token being typed is kept
    $('stop-box').hidden = !(D.live && run.status === 'in-progress');
    $('stop').setAttribute('data-run', run.id);
  }
  function spread(v, fmt) { return v ? fmt(v[0]) + ' / ' + fmt(v[1]) + ' / ' + fmt(v[2]) : '—'; }
  function renderTimeline(run) {
    const box = $('timeline'); box.replaceChildren();
    if (!run.bars.length) { box.append(h('p', { class: 'muted' }, 'No job of this run started.')); return; }
    const W = Math.max(600, Math.min(1400, window.innerWidth - 80)), L = 22, top = 20, left = 4;
    const span = Math.max(1, run.end - run.start), x = t => left + (W - 2 * left) * (t - run.start) / span;
    const svg = s('svg', { id: 'timeline-svg', width: W, height: top + run.lanes * L + 10, role: 'img' });
    svg.append(s('title', {}, 'Run ' + run.id + ': one bar per job, on lanes'));
    for (let k = 0; k <= 4; k++) svg.append(s('text', { class: 'axis', x: Math.min(W - 70, left + (W - 2 * left) * k / 4), y: 12 }, '+' + dur(Math.round(span * k / 4))));
    const steps = [];
    run.bars.forEach(b => {
      const [id, step, lane, st, en, wait, status, exit, attempts] = b;
      if (!steps.includes(step)) steps.push(step);
      const y = top + lane * L;
      const rect = s('rect', { class: 'bar ' + status, 'data-job': id, 'data-step': step, x: x(st), y: y, width: Math.max(2, x(en) - x(st)), height: L - 4, fill: stepColor(step) });
      rect.append(s('title', {}, id + '\nwaited ' + dur(wait) + ' once it could start, ran ' + dur(en - st) + '\n' + status
        + (exit === null ? '' : ', exit code ' + exit) + (attempts > 1 ? ', ' + attempts + ' attempts' : '')));
      svg.append(rect);
    });
    box.append(h('h4', {}, 'Timeline: ' + run.bars.length + ' jobs on ' + run.lanes + ' lanes'), svg,
      h('div', {}, steps.map(st => h('span', { class: 'badge', style: 'background:' + stepColor(st) + ';margin-right:.5em' }, st))));
  }

  function renderWarnings() {
    $('warnings-section').hidden = !D.warnings.length;
    $('warnings').replaceChildren(...D.warnings.map(w => h('li', {}, w)));
  }
  function renderAll() {
    renderHeader(); renderMatrix(); renderGlobals(); renderRuns(); renderWarnings();
    if (shownJob && !$('detail').hidden && D.jobs[shownJob] !== undefined) {
      const cell = document.querySelector('[data-job="' + CSS.escape(shownJob) + '"]');
      if (cell) showJob(shownJob, cell.getAttribute('data-state'));
    }
  }

  // ---- live: the server answers when the data changed (long poll); logs follow; the stop button
  async function poll() {
    try {
      const r = await fetch(api('api/data?since=' + encodeURIComponent(D.live.version)), { cache: 'no-store' });
      if (r.ok) {
        const next = await r.json();
        if (next.live.version !== D.live.version) { D = next; graphRefresh(); renderAll(); }
        $('live-state').textContent = 'live · updated ' + time(Date.now());
      } else $('live-state').textContent = 'live · server said ' + r.status;
    } catch (e) {
      $('live-state').textContent = 'live · server unreachable, retrying';
      await new Promise(res => setTimeout(res, 2000));
    }
    poll();
  }
  async function graphRefresh() {
    const r = await fetch(api('api/graph'), { cache: 'no-store' });
    if (r.ok) { const doc = new DOMParser().parseFromString(await r.text(), 'image/svg+xml'); if (doc.documentElement.nodeName === 'svg') $('graph').replaceChildren(document.importNode(doc.documentElement, true)); }
  }
  function followLog(run, job, pre) {
    clearTimeout(followTimer);
    follow = { run: run, job: job, pre: pre };
    let from = -1; pre.textContent = '';  // -1: start with the log's last 64 KiB
    const step = async () => {
      if (shownJob !== job || follow.pre !== pre) return;
      const r = await fetch(api('api/log?run=' + encodeURIComponent(run) + '&job=' + encodeURIComponent(job) + '&from=' + from), { cache: 'no-store' });
      if (r.ok) {
        const text = await r.text();
        from = Number(r.headers.get('X-Morph-Next') || from);
        if (text) { pre.append(text); pre.scrollTop = pre.scrollHeight; }
        if (r.headers.get('X-Morph-Running') === 'true') followTimer = setTimeout(step, 1000);
      }
    };
    step();
  }
  async function stop(run, tok, msg) {
    const r = await fetch(api('api/stop'), { method: 'POST', headers: { 'X-Morph-Token': tok, 'Content-Type': 'text/plain' }, body: run });
    msg.textContent = (await r.text()).trim();
  }

  $('stop-token').value = token();
  $('stop').addEventListener('click', () => stop($('stop').getAttribute('data-run'), $('stop-token').value, $('stop-message')));
  $('filter').addEventListener('input', renderMatrix);
  $('state-filter').addEventListener('change', renderMatrix);
  $('matrix-body').addEventListener('scroll', drawRows);
  renderAll();
  if (D.live) poll();
})();
