/* global document, fetch, window, atob, Blob, URL, crypto, setTimeout */
// The audit console (gateway/pages/audit/): plain DOM, no framework. Every read and change goes through
// /graphql with the API token and purpose A, so the policy and the audit trail apply as to any client.
(function () {
  'use strict';

  var TOKEN_KEY = 'clets.auditConsole.token';
  var SVG = 'http://www.w3.org/2000/svg';
  var DAY = 86400000;
  var HOUR = 3600000;

  var LIST_FIELDS = 'id userId ori subjectId severity status assignee detectors summaries firstSeen lastSeen';
  var CASE_FIELDS =
    'id userId ori subjectId severity status assignee detectors signals summaries firstSeen lastSeen createdAt updatedAt ' +
    'evidence { seq detectors seen event { seq time purpose caseNumber caseStatus incidentNumber incidentStatus outcome ' +
    'operationName fieldsDisclosed fieldsDenied } } history { at by action fromStatus toStatus assignee note }';
  var CASES_QUERY =
    'query AuditConsoleCases($filter: MisuseCaseFilter, $after: String) { misuseCases(filter: $filter, first: 50, after: $after) { ' +
    'totals { total byStatus { key count } bySeverity { key count } byDetector { key count } } ' +
    'edges { node { ' +
    LIST_FIELDS +
    ' } } pageInfo { hasNextPage endCursor } } }';
  var CASE_QUERY = 'query AuditConsoleCase($id: ID!) { misuseCase(id: $id) { ' + CASE_FIELDS + ' } }';
  var ASSIGN =
    'mutation AuditConsoleAssign($id: ID!, $assignee: String!, $note: String, $key: String!) { ' +
    'assignMisuseCase(id: $id, assignee: $assignee, note: $note, idempotencyKey: $key) { ' +
    CASE_FIELDS +
    ' } }';
  var RESOLVE =
    'mutation AuditConsoleResolve($id: ID!, $status: String!, $note: String!, $key: String!) { ' +
    'resolveMisuseCase(id: $id, status: $status, note: $note, idempotencyKey: $key) { ' +
    CASE_FIELDS +
    ' } }';
  var NOTE =
    'mutation AuditConsoleNote($id: ID!, $note: String!, $key: String!) { ' +
    'addMisuseCaseNote(id: $id, note: $note, idempotencyKey: $key) { ' +
    CASE_FIELDS +
    ' } }';
  var ACTIVITY_QUERY =
    'query AuditConsoleActivity($userId: String!, $from: String!, $to: String!, $bucket: String) { ' +
    'userActivity(userId: $userId, from: $from, to: $to, bucket: $bucket) { userId ori roles bucket total peers truncated ' +
    'points { start count peerMedian peerP90 } } }';
  var REPORT_QUERY =
    'query AuditConsoleReport($userId: String, $subjectId: ID, $from: String!, $to: String!) { ' +
    'auditReport(userId: $userId, subjectId: $subjectId, from: $from, to: $to) { userId subjectId from to generatedAt inquiryCount truncated ' +
    'inquiries { seq time userId userName ori purpose caseNumber caseStatus incidentNumber incidentStatus outcome operationName ' +
    'subjects records views { kind personId } fieldsDisclosed fieldsDenied reason hash } ' +
    'misuseCases { ' +
    LIST_FIELDS +
    ' } chain { ok checked latestSeq latestHash problem verifiedAt } } }';

  /** The columns of `npm run audit -- report --format csv` (audit/cases/report-format.ts), in its order. */
  var CSV_COLUMNS = [
    'seq',
    'time',
    'user_id',
    'user_name',
    'ori',
    'purpose',
    'case_number',
    'case_status',
    'incident_number',
    'incident_status',
    'outcome',
    'operation',
    'subjects',
    'records',
    'views',
    'fields_disclosed',
    'fields_denied',
    'reason',
    'hash',
  ];

  var state = { filter: {}, cases: [], endCursor: null, detectors: {}, current: null, pending: {} };
  var $ = window.PageKit.$;
  var status = window.PageKit.status;
  var element = window.PageKit.element;
  var tokens = window.PageKit.tokenStore(TOKEN_KEY);
  var token = tokens.get;

  /** One GraphQL operation; rejects with the first error's message (and `forbidden` for a refusal). */
  function gql(query, variables) {
    return fetch('/graphql', {
      method: 'POST',
      headers: {
        authorization: 'Bearer ' + token(),
        'x-purpose': 'A',
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          var first = body.errors && body.errors[0];
          if (response.ok && !first) return body.data;
          var error = new Error(first ? first.message : 'HTTP ' + response.status);
          var code = first && first.extensions ? first.extensions.code : undefined;
          error.status = response.status;
          error.forbidden = response.status === 403 || code === 'FORBIDDEN';
          error.unauthenticated = response.status === 401 || code === 'UNAUTHENTICATED';
          throw error;
        });
    });
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, String(attributes[name]));
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cell(text, className) {
    return element('td', className ? { text: text, className: className } : { text: text });
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** `2024-05-01T08:15:02.123Z` → `2024-05-01 08:15:02`. */
  function when(iso) {
    return iso ? iso.replace('T', ' ').slice(0, 19) : '';
  }

  function dateOf(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  /** The token's claims, for display only (the gateway verifies the token on every request). */
  function claims() {
    try {
      var part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
    } catch {
      return {};
    }
  }

  /** A client-chosen idempotency key, kept until the server answers, so a retry of the same change reuses it. */
  function idempotencyKey(action, signature) {
    var pending = state.pending[action];
    if (pending && pending.signature === signature) return pending.key;
    var key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + '-' + String(Math.random()).slice(2, 12);
    state.pending[action] = { signature: signature, key: key };
    return key;
  }

  // ---- sign-in ----

  function signIn() {
    if (tokens.signIn()) loadCases(false);
  }

  function signOut() {
    tokens.signOut();
    state.current = null;
    $('console').hidden = true;
    $('case').hidden = true;
    $('viewer').textContent = '';
    status('Signed out.');
  }

  function showViewer() {
    var c = claims();
    $('viewer').textContent = c.sub
      ? 'Signed in as ' + c.sub + ' (' + (c.roles || []).join(', ') + ') of ' + c.ori + '; every request states purpose A.'
      : '';
  }

  function refused(error) {
    $('console').hidden = true;
    $('case').hidden = true;
    if (error.forbidden) {
      var reason = error.message.replace(/^Not permitted:\s*/i, '');
      status('Not permitted: ' + reason + ' The audit console is for DOJ auditors and agency coordinators.', 'error forbidden');
    } else if (error.unauthenticated) status('Sign-in refused: ' + error.message, 'error');
    else status(error.message, 'error');
  }

  // ---- the case list ----

  function readFilter() {
    var filter = {};
    var fields = {
      detector: 'filter-detector',
      severity: 'filter-severity',
      status: 'filter-status',
      userId: 'filter-user',
      ori: 'filter-ori',
      subjectId: 'filter-subject',
      from: 'filter-from',
      to: 'filter-to',
    };
    Object.keys(fields).forEach(function (name) {
      var value = $(fields[name]).value.trim();
      if (value) filter[name] = value;
    });
    return filter;
  }

  function loadCases(more) {
    if (!token()) {
      status('Not signed in.');
      return;
    }
    showViewer();
    if (!more) {
      state.filter = readFilter();
      state.endCursor = null;
    }
    status('Loading misuse cases…');
    gql(CASES_QUERY, { filter: state.filter, after: more ? state.endCursor : null })
      .then(function (data) {
        var page = data.misuseCases;
        state.cases = more ? state.cases.concat(page.edges.map(nodeOf)) : page.edges.map(nodeOf);
        state.endCursor = page.pageInfo.endCursor;
        page.totals.byDetector.forEach(function (count) {
          state.detectors[count.key] = true;
        });
        fillDetectors();
        renderTotals(page.totals);
        renderCases(page.pageInfo.hasNextPage);
        $('console').hidden = false;
        status(page.totals.total + (page.totals.total === 1 ? ' case matches.' : ' cases match.'));
      })
      .catch(function (error) {
        // A bad filter is said next to the list, which stays; a refusal hides everything.
        if (error.forbidden || error.unauthenticated || $('console').hidden) refused(error);
        else status(error.message, 'error');
      });
  }

  function nodeOf(edge) {
    return edge.node;
  }

  function fillDetectors() {
    var select = $('filter-detector');
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    Object.keys(state.detectors)
      .sort()
      .forEach(function (name) {
        select.appendChild(element('option', { value: name, text: name }));
      });
    select.value = chosen;
  }

  function renderTotals(totals) {
    var box = clear($('totals'));
    box.appendChild(element('p', { className: 'total', text: totals.total + (totals.total === 1 ? ' case' : ' cases') }));
    [
      ['By status', totals.byStatus],
      ['By severity', totals.bySeverity],
      ['By detector', totals.byDetector],
    ].forEach(function (group) {
      var list = element('ul', { className: 'counts', 'aria-label': group[0] });
      if (group[1].length === 0) list.appendChild(element('li', { text: 'none' }));
      group[1].forEach(function (count) {
        list.appendChild(
          element('li', { 'data-key': count.key }, [element('span', { className: 'key', text: count.key }), ' ' + count.count]),
        );
      });
      box.appendChild(element('div', { className: 'count-group' }, [element('span', { className: 'meta', text: group[0] + ': ' }), list]));
    });
  }

  function severityCell(severity) {
    return element('td', {}, [element('span', { className: 'badge severity-' + severity, text: severity })]);
  }

  function renderCases(hasMore) {
    var body = clear($('cases').tBodies[0]);
    state.cases.forEach(function (c) {
      var open = element('button', { type: 'button', className: 'open-case', 'aria-label': 'Open case ' + c.id, text: '#' + c.id });
      open.addEventListener('click', function () {
        openCase(c.id);
      });
      body.appendChild(
        element('tr', { 'data-case-id': c.id }, [
          element('td', {}, [open]),
          severityCell(c.severity),
          cell(c.status, 'status'),
          cell(c.userId),
          cell(c.ori),
          cell(c.subjectId || '—'),
          cell(c.detectors.join(', ')),
          cell(when(c.lastSeen)),
          cell(c.summaries.join(' ')),
        ]),
      );
    });
    $('cases-empty').hidden = state.cases.length > 0;
    $('more-cases').hidden = !hasMore;
  }

  // ---- one case ----

  function openCase(id) {
    status('Loading case ' + id + '…');
    gql(CASE_QUERY, { id: id })
      .then(function (data) {
        if (!data.misuseCase) {
          status('No misuse case ' + id + ' you may see.', 'error');
          return;
        }
        showCase(data.misuseCase, true);
        status('Case ' + id + ' loaded.');
        $('case').scrollIntoView();
      })
      .catch(refused);
  }

  function showCase(c, fresh) {
    state.current = c;
    $('case').hidden = false;
    $('case-title').textContent = 'Misuse case #' + c.id + ' (' + c.severity + ', ' + c.status + ')';
    var facts = clear($('case-facts'));
    [
      ['User', c.userId + ' of ' + c.ori],
      ['Subject', c.subjectId || 'nobody in particular'],
      ['Status', c.status],
      ['Assignee', c.assignee || 'nobody yet'],
      ['Detectors', c.detectors.join(', ')],
      ['Signals', c.signals.join(', ') || '—'],
      ['Alerts', when(c.firstSeen) + ' to ' + when(c.lastSeen) + ' UTC'],
      ['Summary', c.summaries.join(' ')],
    ].forEach(function (pair) {
      facts.appendChild(element('dt', { text: pair[0] }));
      facts.appendChild(element('dd', { text: pair[1], 'data-fact': pair[0].toLowerCase() }));
    });
    var resolved = ['FOUNDED', 'UNFOUNDED', 'TRAINING'].indexOf(c.status) >= 0;
    $('triage-final').hidden = !resolved;
    $('assign-button').disabled = resolved;
    $('resolve-button').disabled = c.status !== 'ASSIGNED';
    $('resolve-button').title = c.status === 'OPEN' ? 'Assign the case first.' : '';
    if (fresh) {
      $('assignee').value = c.assignee || claims().sub || '';
      $('report-from').value = c.firstSeen.slice(0, 10);
      $('report-to').value = c.lastSeen.slice(0, 10);
      $('report-about').options[1].disabled = !c.subjectId;
      $('report-about').value = 'user';
      $('triage-status').textContent = '';
      loadActivity();
    }
    renderEvidence(c.evidence);
    renderHistory(c.history);
  }

  function need(number, status) {
    if (!number) return 'none stated';
    return number + ' (' + (status || 'not checked') + ')';
  }

  function renderEvidence(evidence) {
    var body = clear($('evidence').tBodies[0]);
    evidence.forEach(function (item) {
      var e = item.event;
      var seen = element('td', { className: 'seen' });
      if (item.seen.length === 0) seen.appendChild(element('span', { className: 'meta', text: 'purged or outside your scope' }));
      item.seen.forEach(function (line) {
        seen.appendChild(element('div', { text: line }));
      });
      if (e) {
        seen.appendChild(
          element('div', {
            className: 'meta',
            text:
              e.fieldsDisclosed.length +
              ' fields disclosed, ' +
              e.fieldsDenied.length +
              ' denied' +
              (e.operationName ? ' (' + e.operationName + ')' : ''),
          }),
        );
      }
      body.appendChild(
        element('tr', { 'data-seq': item.seq }, [
          cell(item.seq),
          cell(e ? when(e.time) : '—'),
          cell(e ? e.purpose || 'none' : '—'),
          cell(e ? need(e.caseNumber, e.caseStatus) : '—', e && e.caseStatus && e.caseStatus !== 'VALID' ? 'flag' : ''),
          cell(e ? need(e.incidentNumber, e.incidentStatus) : '—', e && e.incidentStatus && e.incidentStatus !== 'VALID' ? 'flag' : ''),
          cell(e ? e.outcome : '—'),
          seen,
          cell(item.detectors.join(', ')),
        ]),
      );
    });
  }

  function renderHistory(history) {
    var body = clear($('history').tBodies[0]);
    history.forEach(function (change) {
      body.appendChild(
        element('tr', {}, [
          cell(when(change.at)),
          cell(change.by),
          cell(change.action),
          cell((change.fromStatus ? change.fromStatus + ' → ' : '') + change.toStatus),
          cell(change.assignee || ''),
          cell(change.note || ''),
        ]),
      );
    });
  }

  // ---- triage ----

  function triage(action, query, variables, done) {
    var c = state.current;
    if (!c) return;
    var signature = JSON.stringify([c.id, variables]);
    var key = idempotencyKey(action, signature);
    var all = Object.assign({ id: c.id, key: key }, variables);
    $('triage-status').textContent = 'Sending…';
    $('triage-status').className = '';
    gql(query, all)
      .then(function (data) {
        delete state.pending[action];
        var updated = data[Object.keys(data)[0]];
        showCase(updated, false);
        $('triage-status').textContent = done(updated);
        loadCases(false);
      })
      .catch(function (error) {
        // A refusal is final for this key; a network failure keeps it, so a retry cannot apply the change twice.
        if (error.status !== undefined) delete state.pending[action];
        $('triage-status').textContent =
          error.status === undefined
            ? 'No answer from the gateway (' +
              error.message +
              '). Try again: the retry sends the same idempotency key, so the change cannot apply twice.'
            : error.message;
        $('triage-status').className = 'error';
      });
  }

  function assign() {
    var assignee = $('assignee').value.trim();
    if (!assignee) {
      $('triage-status').textContent = 'Give the user id of the investigator.';
      $('triage-status').className = 'error';
      return;
    }
    var note = $('assign-note').value.trim();
    triage('assign', ASSIGN, { assignee: assignee, note: note || null }, function (c) {
      $('assign-note').value = '';
      return 'Case #' + c.id + ' assigned to ' + c.assignee + '.';
    });
  }

  function resolve() {
    var note = $('resolve-note').value.trim();
    if (!note) {
      $('triage-status').textContent = 'A resolution needs a note: what was found.';
      $('triage-status').className = 'error';
      return;
    }
    triage('resolve', RESOLVE, { status: $('resolution').value, note: note }, function (c) {
      $('resolve-note').value = '';
      return 'Case #' + c.id + ' resolved ' + c.status + '.';
    });
  }

  function addNote() {
    var note = $('case-note').value.trim();
    if (!note) {
      $('triage-status').textContent = 'Write the note first.';
      $('triage-status').className = 'error';
      return;
    }
    triage('note', NOTE, { note: note }, function (c) {
      $('case-note').value = '';
      return 'Note added to case #' + c.id + '.';
    });
  }

  // ---- activity beside peers ----

  function loadActivity() {
    var c = state.current;
    var box = clear($('activity'));
    box.appendChild(element('p', { className: 'meta', text: 'Loading activity…' }));
    var bucket = $('activity-bucket').value;
    var last = Date.parse(c.lastSeen);
    var range =
      bucket === 'HOUR'
        ? {
            from: new Date(Math.floor(last / HOUR) * HOUR - 47 * HOUR).toISOString(),
            to: new Date(Math.floor(last / HOUR) * HOUR + HOUR).toISOString(),
          }
        : { from: dateOf(last - 13 * DAY), to: dateOf(last) };
    gql(ACTIVITY_QUERY, { userId: c.userId, from: range.from, to: range.to, bucket: bucket })
      .then(function (data) {
        if (state.current !== c) return;
        clear(box);
        if (!data.userActivity) {
          box.appendChild(element('p', { className: 'empty', text: 'No activity of ' + c.userId + ' you may see in this period.' }));
          return;
        }
        drawActivity(box, data.userActivity);
      })
      .catch(function (error) {
        clear(box).appendChild(element('p', { className: 'error', text: error.message }));
      });
  }

  function drawActivity(box, activity) {
    var points = activity.points;
    var width = 760;
    var height = 240;
    var left = 40;
    var right = 10;
    var top = 28;
    var bottom = 36;
    var plotW = width - left - right;
    var plotH = height - top - bottom;
    var max = 1;
    points.forEach(function (p) {
      max = Math.max(max, p.count, p.peerMedian || 0, p.peerP90 || 0);
    });
    var step = plotW / points.length;
    var y = function (v) {
      return top + plotH - (v / max) * plotH;
    };
    var peerText = activity.peers.length ? activity.peers.length + ' peers' : 'no peers';
    var label =
      activity.userId + ': ' + activity.total + ' lookups; ' + peerText + ' (' + activity.roles.join(', ') + ' at ' + activity.ori + ')';
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label, class: 'chart' });
    chart.appendChild(svg('title', {}, label));
    // axis and grid
    [0, max / 2, max].forEach(function (v) {
      chart.appendChild(svg('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'grid' }));
      chart.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(Math.round(v * 10) / 10)));
    });
    var labelEvery = Math.max(1, Math.ceil(points.length / 12));
    points.forEach(function (p, i) {
      var barH = (p.count / max) * plotH;
      var bar = svg('rect', {
        x: left + i * step + step * 0.15,
        y: top + plotH - barH,
        width: step * 0.7,
        height: barH,
        class: 'user-bar',
        'data-count': p.count,
      });
      bar.appendChild(
        svg(
          'title',
          {},
          p.start + ': ' + p.count + ' lookups (peers: median ' + fmt(p.peerMedian) + ', 90th percentile ' + fmt(p.peerP90) + ')',
        ),
      );
      chart.appendChild(bar);
      if ((points.length - 1 - i) % labelEvery === 0) {
        var text = activity.bucket === 'HOUR' ? p.start.slice(11, 13) + 'h' : p.start.slice(5, 10);
        chart.appendChild(
          svg('text', { x: left + i * step + step / 2, y: height - bottom + 14, 'text-anchor': 'middle', class: 'axis' }, text),
        );
      }
    });
    if (activity.peers.length) {
      ['peerMedian', 'peerP90'].forEach(function (series) {
        var coords = points
          .map(function (p, i) {
            return left + i * step + step / 2 + ',' + y(p[series]);
          })
          .join(' ');
        chart.appendChild(svg('polyline', { points: coords, class: series === 'peerMedian' ? 'peer-median' : 'peer-p90' }));
      });
    }
    // legend (text labels, not colour alone)
    var legend = [
      ['user-bar', activity.userId + ' (bars)'],
      ['peer-median', 'peers: median (solid line)'],
      ['peer-p90', 'peers: 90th percentile (dashed line)'],
    ];
    legend.forEach(function (item, i) {
      var x = left + i * 240;
      chart.appendChild(
        item[0] === 'user-bar'
          ? svg('rect', { x: x, y: 8, width: 14, height: 10, class: 'user-bar' })
          : svg('line', { x1: x, x2: x + 14, y1: 13, y2: 13, class: item[0] }),
      );
      chart.appendChild(svg('text', { x: x + 20, y: 17, class: 'legend' }, item[1]));
    });
    box.appendChild(chart);
    var peak = points.reduce(
      function (best, p) {
        return p.count > best.count ? p : best;
      },
      { count: -1 },
    );
    box.appendChild(
      element('p', {
        className: 'summary',
        text:
          label +
          '. Busiest ' +
          (activity.bucket === 'HOUR' ? 'hour' : 'day') +
          ': ' +
          (peak.start ? when(peak.start).slice(0, activity.bucket === 'HOUR' ? 16 : 10) : '—') +
          ' with ' +
          Math.max(peak.count, 0) +
          (peak.peerMedian === null || peak.peerMedian === undefined
            ? '.'
            : ' (peers: median ' + fmt(peak.peerMedian) + ', 90th percentile ' + fmt(peak.peerP90) + ').') +
          (activity.peers.length ? ' Peers: ' + activity.peers.join(', ') + '.' : '') +
          (activity.truncated ? ' Only the newest 200,000 events of the agency were counted.' : ''),
      }),
    );
  }

  function fmt(value) {
    return value === null || value === undefined ? '—' : String(Math.round(value * 10) / 10);
  }

  // ---- the audit report: CSV and print ----

  function reportVariables() {
    var c = state.current;
    var about = $('report-about').value;
    var variables = { from: $('report-from').value, to: $('report-to').value };
    if (about === 'subject' && c.subjectId) variables.subjectId = c.subjectId;
    else variables.userId = c.userId;
    return variables;
  }

  function fetchReport(then) {
    if (!state.current) return;
    var variables = reportVariables();
    status('Building the audit report…');
    gql(REPORT_QUERY, variables)
      .then(function (data) {
        if (!data.auditReport) {
          status('No report: the API returned nothing for it.', 'error');
          return;
        }
        then(data.auditReport);
      })
      .catch(function (error) {
        status(error.message, 'error');
      });
  }

  /** A CSV field, as the CLI writes it: quoted when needed; a leading =, +, -, @ is defused for spreadsheets. */
  function csvField(value) {
    var text = value === null || value === undefined ? '' : String(value);
    var safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  function inquiryValues(e) {
    return [
      e.seq,
      e.time,
      e.userId,
      e.userName,
      e.ori,
      e.purpose,
      e.caseNumber,
      e.caseStatus,
      e.incidentNumber,
      e.incidentStatus,
      e.outcome,
      e.operationName,
      e.subjects.join(' '),
      e.records.join(' '),
      e.views
        .map(function (v) {
          return v.kind + ':' + v.personId;
        })
        .join(' '),
      e.fieldsDisclosed.join(' '),
      e.fieldsDenied.join(' '),
      e.reason,
      e.hash,
    ];
  }

  function reportCsv(report) {
    var rows = [CSV_COLUMNS].concat(report.inquiries.map(inquiryValues));
    return (
      rows
        .map(function (row) {
          return row.map(csvField).join(',');
        })
        .join('\r\n') + '\r\n'
    );
  }

  function reportName(report) {
    var about = report.userId ? 'user-' + report.userId : 'subject-' + report.subjectId;
    return ('audit-report-' + about + '-' + report.from.slice(0, 10) + '-' + report.to.slice(0, 10)).replace(/[^A-Za-z0-9._-]/g, '_');
  }

  function downloadCsv() {
    fetchReport(function (report) {
      var url = URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }));
      var link = element('a', { href: url, download: reportName(report) + '.csv' });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 10000);
      status('CSV downloaded: ' + report.inquiryCount + ' inquiries' + (report.truncated ? ' (truncated: narrow the period)' : '') + '.');
    });
  }

  function table(headers, rows, label) {
    return element('table', { 'aria-label': label }, [
      element('thead', {}, [
        element(
          'tr',
          {},
          headers.map(function (h) {
            return element('th', { scope: 'col', text: h });
          }),
        ),
      ]),
      element(
        'tbody',
        {},
        rows.map(function (row) {
          return element(
            'tr',
            {},
            row.map(function (value) {
              return cell(value === null || value === undefined ? '' : String(value));
            }),
          );
        }),
      ),
    ]);
  }

  function showReport(report) {
    var body = clear($('report-body'));
    var about = report.userId ? 'User ' + report.userId : 'Person ' + report.subjectId;
    $('report-title').textContent = 'Audit report: ' + about;
    var chain = report.chain;
    body.appendChild(
      element('table', { className: 'meta-table', 'aria-label': 'Report' }, [
        element(
          'tbody',
          {},
          [
            ['About', about],
            ['Period', when(report.from) + ' to ' + when(report.to) + ' UTC (end exclusive)'],
            ['Generated', when(report.generatedAt) + ' UTC, from the audit console'],
            ['Inquiries', report.inquiryCount + (report.truncated ? ' (truncated: narrow the period)' : '')],
            ['Misuse cases', String(report.misuseCases.length)],
          ].map(function (pair) {
            return element('tr', {}, [element('th', { scope: 'row', text: pair[0] }), cell(pair[1])]);
          }),
        ),
      ]),
    );
    body.appendChild(element('h2', { text: 'Chain verification' }));
    body.appendChild(
      element('p', {
        id: 'report-chain',
        className: chain.ok ? 'ok' : 'broken',
        text:
          (chain.ok ? 'Intact: ' : 'BROKEN: ' + chain.problem + '. ') +
          chain.checked +
          ' events verified at ' +
          when(chain.verifiedAt) +
          ' UTC; latest event seq ' +
          chain.latestSeq +
          ', hash ' +
          chain.latestHash +
          '.',
      }),
    );
    body.appendChild(element('h2', { text: 'Misuse cases' }));
    body.appendChild(
      report.misuseCases.length
        ? table(
            ['Case', 'Severity', 'Status', 'Assignee', 'User', 'ORI', 'Subject', 'Detectors', 'First alert', 'Last alert', 'Summary'],
            report.misuseCases.map(function (c) {
              return [
                c.id,
                c.severity,
                c.status,
                c.assignee,
                c.userId,
                c.ori,
                c.subjectId,
                c.detectors.join(', '),
                when(c.firstSeen),
                when(c.lastSeen),
                c.summaries.join(' '),
              ];
            }),
            'Misuse cases',
          )
        : element('p', { text: 'None.' }),
    );
    body.appendChild(element('h2', { text: 'Inquiries' }));
    body.appendChild(
      table(
        [
          'Seq',
          'Time (UTC)',
          'User',
          'ORI',
          'Purpose',
          'Case (need to know)',
          'Incident (need to know)',
          'Outcome',
          'Persons',
          'Seen',
          'Fields disclosed',
          'Denied',
        ],
        report.inquiries.map(function (e) {
          return [
            e.seq,
            when(e.time),
            e.userId,
            e.ori,
            e.purpose,
            need(e.caseNumber, e.caseStatus),
            need(e.incidentNumber, e.incidentStatus),
            e.outcome,
            e.subjects.join(' '),
            e.views
              .map(function (v) {
                return v.kind + ' of ' + v.personId;
              })
              .concat(e.records)
              .join('; '),
            e.fieldsDisclosed.join(' '),
            e.fieldsDenied.join(' '),
          ];
        }),
        'Inquiries',
      ),
    );
    $('screen').hidden = true;
    $('report').hidden = false;
    document.body.classList.add('report-mode');
    status('');
    window.scrollTo(0, 0);
  }

  function closeReport() {
    $('report').hidden = true;
    $('screen').hidden = false;
    document.body.classList.remove('report-mode');
  }

  // ---- wiring ----

  $('sign-in-button').addEventListener('click', signIn);
  $('sign-out-button').addEventListener('click', signOut);
  $('apply-filters').addEventListener('click', function () {
    loadCases(false);
  });
  $('clear-filters').addEventListener('click', function () {
    [
      'filter-detector',
      'filter-severity',
      'filter-status',
      'filter-user',
      'filter-ori',
      'filter-subject',
      'filter-from',
      'filter-to',
    ].forEach(function (id) {
      $(id).value = '';
    });
    loadCases(false);
  });
  $('more-cases').addEventListener('click', function () {
    loadCases(true);
  });
  $('assign-button').addEventListener('click', assign);
  $('resolve-button').addEventListener('click', resolve);
  $('note-button').addEventListener('click', addNote);
  $('activity-bucket').addEventListener('change', function () {
    if (state.current) loadActivity();
  });
  $('export-csv').addEventListener('click', downloadCsv);
  $('print-report').addEventListener('click', function () {
    fetchReport(showReport);
  });
  $('print-button').addEventListener('click', function () {
    window.print();
  });
  $('close-report').addEventListener('click', closeReport);

  if (token()) loadCases(false);
  else status('Not signed in.');
})();
