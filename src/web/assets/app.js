// kubegate's approval page: plain DOM, no framework, served by kubegate itself (the machines may have no internet).
// Everything an agent wrote (action, commands, explanations, previews, outputs) is hostile: it only ever reaches the
// page as text nodes (dom.js's el() never parses a string as markup), so markup in it stays text.

import { api, auth, readEvents, whenUnauthorized } from './api.js';
import {
  $,
  badge,
  commandList,
  countdown,
  deciders,
  el,
  facts,
  maxRisk,
  quorumText,
  tickCountdowns,
  when,
} from './dom.js';

const PAGE_SIZE = 20;
const AUDIT_PAGE = 50;

// ---------------------------------------------------------------------------------------------------------------
// Messages

let alertTimer;
function showAlert(message, kind = 'error') {
  const box = $('alert');
  box.textContent = message;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(alertTimer);
  if (kind === 'info') alertTimer = setTimeout(() => (box.hidden = true), 6000);
}
const showError = (error) => showAlert(error instanceof Error ? error.message : String(error));

// ---------------------------------------------------------------------------------------------------------------
// Pending

const pending = new Map();

function renderPendingCard(a) {
  const reasonId = `reason-${a.id}`;
  const form = el(
    'form',
    { class: 'decide', 'aria-label': `Decide on ${a.action}` },
    el(
      'div',
      { class: 'field' },
      el('label', { for: reasonId }, 'Reason'),
      el('input', {
        id: reasonId,
        name: 'reason',
        maxlength: 2000,
        'aria-describedby': `${reasonId}-hint`,
        autocomplete: 'off',
      }),
      el('small', { id: `${reasonId}-hint` }, 'Required to reject; sent as a comment when approving.'),
    ),
    el('button', { type: 'submit', class: 'approve', value: 'approve' }, 'Approve'),
    el('button', { type: 'submit', class: 'reject', value: 'reject' }, 'Reject'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void decide(a.id, event.submitter?.value ?? 'approve', form);
  });
  return el(
    'li',
    { class: 'card', dataset: { approvalId: a.id }, 'aria-labelledby': `title-${a.id}` },
    el('h3', { id: `title-${a.id}` }, a.action, ' ', badge('risk', maxRisk(a))),
    facts([
      ['Requested by', a.requester],
      [
        'Expires',
        el(
          'span',
          { class: 'expiry', title: when(a.expires_at), dataset: { expires: a.expires_at } },
          countdown(a.expires_at),
        ),
      ],
      ['Quorum', quorumText(a)],
      ['Rules', a.quorum.rules.join(', ') || 'default'],
      [
        'Namespace',
        a.commands
          .map((c) => c.namespace ?? 'cluster')
          .filter((v, i, all) => all.indexOf(v) === i)
          .join(', '),
      ],
      ['Id', el('a', { href: `#approval/${a.id}` }, a.id)],
    ]),
    a.namespace_mismatch ? el('p', { class: 'warning' }, a.namespace_mismatch) : null,
    commandList(a),
    form,
  );
}

/** Changes when a card must be redrawn: a decision (quorum), or a new state. */
const signature = (a) => `${a.state}:${a.decisions.length}`;

function renderPending() {
  const list = $('pending-list');
  const sorted = [...pending.values()].sort((x, y) => Date.parse(x.expires_at) - Date.parse(y.expires_at));
  const old = new Map([...list.children].map((card) => [card.dataset.approvalId, card]));
  list.replaceChildren(
    ...sorted.map((a) => {
      const previous = old.get(a.id);
      if (previous?.dataset.signature === signature(a)) return previous;
      const card = renderPendingCard(a);
      card.dataset.signature = signature(a);
      // A redraw (someone else approved meanwhile) keeps what the user was typing, and the focus.
      const typed = previous?.querySelector('input[name="reason"]');
      if (typed) {
        const input = card.querySelector('input[name="reason"]');
        input.value = typed.value;
        if (document.activeElement === typed) queueMicrotask(() => input.focus());
      }
      return card;
    }),
  );
  $('pending-empty').hidden = sorted.length > 0;
  $('pending-count').textContent = sorted.length > 0 ? `(${sorted.length})` : '';
}

async function loadPending() {
  const { approvals } = await api('GET', '/api/approvals/pending');
  pending.clear();
  for (const a of approvals) pending.set(a.id, a);
  renderPending();
}

async function decide(id, decision, form) {
  const reason = form.elements.namedItem('reason').value.trim();
  if (decision === 'reject' && reason === '') {
    showAlert('A reason is required to reject.');
    form.elements.namedItem('reason').focus();
    return;
  }
  for (const button of form.querySelectorAll('button')) button.disabled = true;
  try {
    const body = decision === 'reject' ? { reason } : reason ? { comment: reason } : {};
    const a = await api('POST', `/api/approvals/${encodeURIComponent(id)}/${decision}`, body);
    applyChange(a);
    showAlert(`${decision === 'reject' ? 'Rejected' : 'Approved'} “${a.action}”: now ${a.state}.`, 'info');
  } catch (error) {
    showError(error);
    for (const button of form.querySelectorAll('button')) button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// History

const history = { cursors: [undefined], page: 0, next: null, rows: [] };

function historyMatches(a, text) {
  if (!text) return true;
  const haystack = [
    a.id,
    a.action,
    a.requester,
    a.state,
    ...a.commands.map((c) => c.canonical),
    ...a.decisions.map((d) => d.person),
  ];
  return haystack.join('\n').toLowerCase().includes(text.toLowerCase());
}

function renderHistory() {
  const text = $('history-text').value.trim();
  const rows = history.rows.filter((a) => historyMatches(a, text));
  $('history-table').tBodies[0].replaceChildren(
    ...rows.map((a) =>
      el(
        'tr',
        { dataset: { approvalId: a.id, state: a.state } },
        el('td', {}, when(a.created_at)),
        el('td', {}, badge('state', a.state)),
        el('td', {}, el('a', { href: `#approval/${a.id}` }, a.action)),
        el('td', {}, a.requester),
        el('td', {}, deciders(a)),
      ),
    ),
  );
  $('history-empty').hidden = rows.length > 0;
  $('history-newer').disabled = history.page === 0;
  $('history-older').disabled = history.next === null;
  $('history-page').textContent = `Page ${history.page + 1}${text ? ' (filtered)' : ''}`;
}

async function loadHistory() {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const state = $('history-state').value;
  if (state) query.set('state', state);
  const cursor = history.cursors[history.page];
  if (cursor) query.set('cursor', cursor);
  const page = await api('GET', `/api/approvals?${query}`);
  history.rows = page.approvals;
  history.next = page.next_cursor;
  history.cursors[history.page + 1] = page.next_cursor ?? undefined;
  renderHistory();
}

// ---------------------------------------------------------------------------------------------------------------
// Audit trail (oldest first; "Later records" pages forward with next_since)

const audit = { since: undefined, next: null, rows: [] };

function renderAudit() {
  $('audit-table').tBodies[0].replaceChildren(
    ...audit.rows.map((r) =>
      el(
        'tr',
        { dataset: { approvalId: r.approval_id } },
        el('td', {}, when(r.at)),
        el('td', {}, r.event, r.result ? ` (${r.result})` : ''),
        el('td', {}, el('a', { href: `#approval/${r.approval_id}` }, r.action)),
        el('td', {}, r.person ?? r.by ?? 'kubegate'),
        el('td', {}, r.via ?? '—'),
        el('td', {}, r.reason ?? r.commands.join('; ')),
      ),
    ),
  );
  $('audit-empty').hidden = audit.rows.length > 0;
  $('audit-more').disabled = audit.next === null;
}

/** After a change: when the last page is on screen, the records that came after it are appended. */
async function loadAuditTail() {
  if (audit.next !== null) return;
  const last = audit.rows.at(-1)?.at;
  if (last === undefined) return loadAudit();
  const page = await api(
    'GET',
    `/api/audit?${new URLSearchParams({ limit: String(AUDIT_PAGE), since: last })}`,
  );
  audit.rows = [...audit.rows, ...page.records];
  audit.next = page.next_since;
  renderAudit();
}

async function loadAudit(more = false) {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE) });
  if (more && audit.next) query.set('since', audit.next);
  const page = await api('GET', `/api/audit?${query}`);
  audit.rows = more ? [...audit.rows, ...page.records] : page.records;
  audit.next = page.next_since;
  renderAudit();
}

// ---------------------------------------------------------------------------------------------------------------
// One approval

let shown;

function renderDetail(a) {
  shown = a;
  $('detail-title').textContent = a.action;
  $('detail-body').replaceChildren(
    el(
      'article',
      { class: 'card', dataset: { approvalId: a.id, state: a.state } },
      el('p', {}, badge('state', a.state), ' ', badge('risk', maxRisk(a))),
      facts([
        ['Id', a.id],
        ['Requested by', `${a.requester}${a.created_via ? ` via ${a.created_via}` : ''}`],
        ['Created', when(a.created_at)],
        ['Expires', when(a.expires_at)],
        ['Quorum', quorumText(a)],
        ['Rules', a.quorum.rules.join(', ') || 'default'],
        ['Approved', a.approved_at ? when(a.approved_at) : undefined],
        ['Finished', a.finished_at ? when(a.finished_at) : undefined],
        ['Ended', a.ended_at ? when(a.ended_at) : undefined],
        ['Reason', a.reason ?? undefined],
        [
          'Cancelled by',
          a.ended_by ? `${a.ended_by.person} (${a.ended_by.by}) via ${a.ended_by.via}` : undefined,
        ],
        [
          'Metadata',
          Object.keys(a.metadata).length > 0 ? el('code', {}, JSON.stringify(a.metadata)) : undefined,
        ],
        ['Digest', a.digest ?? undefined],
      ]),
      a.namespace_mismatch ? el('p', { class: 'warning' }, a.namespace_mismatch) : null,
      el('h3', {}, 'Commands and results'),
      commandList(a, true),
      el('h3', {}, 'Decisions'),
      a.decisions.length === 0
        ? el('p', { class: 'empty' }, 'No decision yet.')
        : el(
            'ul',
            {},
            a.decisions.map((d) =>
              el(
                'li',
                {},
                `${when(d.at)}: ${d.decision === 'approve' ? 'approved' : 'rejected'} by ${d.person} (${d.by}) via ${d.via}`,
                d.reason ? ` — ${d.reason}` : '',
              ),
            ),
          ),
    ),
  );
}

async function route() {
  const match = /^#approval\/(.+)$/.exec(location.hash);
  $('detail').hidden = !match;
  if (!match) {
    shown = undefined;
    return;
  }
  try {
    renderDetail(await api('GET', `/api/approvals/${encodeURIComponent(decodeURIComponent(match[1]))}`));
    $('detail').scrollIntoView();
    $('detail-title').focus();
  } catch (error) {
    $('detail').hidden = true;
    showError(error);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Live updates: GET /api/events read with fetch (EventSource cannot send the Authorization header), reconnecting
// by itself with a growing delay; every reconnect reloads the lists, so nothing missed while away stays missing.

// A decision's own answer can arrive after the stream has already told of later states (the execution finished
// first): an approval never moves backwards, so an older snapshot is ignored.
const STAGE = { pending: 0, approved: 1, executing: 2 };
const stage = (a) => STAGE[a.state] ?? 3;
const latest = new Map();
const isOlder = (a, known) =>
  stage(a) < stage(known) || (stage(a) === stage(known) && a.decisions.length < known.decisions.length);

function applyChange(a) {
  const known = latest.get(a.id);
  if (known && isOlder(a, known)) return;
  latest.set(a.id, a);
  if (a.state === 'pending') pending.set(a.id, a);
  else pending.delete(a.id);
  renderPending();
  const i = history.rows.findIndex((r) => r.id === a.id);
  if (i >= 0) history.rows[i] = a;
  else if (history.page === 0 && !$('history-state').value)
    history.rows = [a, ...history.rows].slice(0, PAGE_SIZE);
  renderHistory();
  if (shown?.id === a.id) renderDetail(a);
}

function setLive(state, text) {
  const live = $('live');
  live.dataset.state = state;
  live.textContent = text;
}

let stream;
async function listen() {
  let delay = 1000;
  for (;;) {
    stream = new AbortController();
    try {
      const res = await fetch('/api/events', {
        headers: auth.headers({ Accept: 'text/event-stream' }),
        signal: stream.signal,
        cache: 'no-store',
      });
      if (res.status === 401) {
        setLive('down', 'Not signed in');
        needToken(auth.token ? 'That token was not accepted.' : undefined);
        return;
      }
      if (!res.ok || !res.body) throw new Error(`the event stream answered ${res.status}`);
      setLive('live', 'Live');
      delay = 1000;
      await Promise.all([loadPending(), loadHistory(), loadAudit()]).catch(showError);
      await readEvents(res.body, (name, data) => {
        if (name !== 'approval') return;
        applyChange(JSON.parse(data).approval);
        void loadAuditTail().catch(showError);
      });
    } catch (error) {
      if (stream.signal.aborted) return;
      void error;
    }
    setLive('connecting', 'Reconnecting…');
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15_000);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-in (only when kubegate has API_TOKENS)

function needToken(message) {
  stream?.abort();
  $('signin').hidden = false;
  $('sign-out').hidden = true;
  for (const id of ['pending', 'history', 'audit', 'detail']) $(id).hidden = true;
  setLive('down', 'Not signed in');
  if (message) showAlert(message);
  $('token').focus();
}

function start() {
  $('signin').hidden = true;
  for (const id of ['pending', 'history', 'audit']) $(id).hidden = false;
  $('sign-out').hidden = !auth.token;
  $('alert').hidden = true;
  void route();
  void listen();
}

whenUnauthorized((sent) => needToken(sent ? 'That token was not accepted.' : undefined));
$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  auth.token = $('token').value.trim();
  $('token').value = '';
  start();
});
$('sign-out').addEventListener('click', () => {
  auth.token = null;
  needToken();
});
$('history-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  history.cursors = [undefined];
  history.page = 0;
  loadHistory().catch(showError);
});
$('history-text').addEventListener('input', renderHistory);
$('history-older').addEventListener('click', () => {
  history.page += 1;
  loadHistory().catch(showError);
});
$('history-newer').addEventListener('click', () => {
  history.page = Math.max(0, history.page - 1);
  loadHistory().catch(showError);
});
$('audit-more').addEventListener('click', () => loadAudit(true).catch(showError));
$('detail-back').addEventListener('click', () => (shown = undefined));
window.addEventListener('hashchange', () => void route());
setInterval(tickCountdowns, 1000);
start();
