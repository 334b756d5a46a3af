/* global document, window, fetch, URLSearchParams, setTimeout, clearTimeout */
// The Policy Explorer (gateway/pages/policies/): plain DOM, no framework, no request outside this gateway.
(function () {
  'use strict';

  var TOKEN_KEY = 'clets.policyExplorer.token';
  var LABELS = { a: 'allow', d: 'deny', p: 'depends' };
  var CLASSES = { a: 'allow', d: 'deny', p: 'depends' };
  var matrix = null;
  var $ = window.PageKit.$;
  var status = window.PageKit.status;
  var element = window.PageKit.element;
  var tokens = window.PageKit.tokenStore(TOKEN_KEY);
  var token = tokens.get;

  function api(path, method) {
    var init = { method: method || 'GET', headers: { authorization: 'Bearer ' + token(), accept: 'application/json' } };
    return fetch(path, init).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          if (response.ok) return body;
          var message = body.errors && body.errors[0] ? body.errors[0].message : 'HTTP ' + response.status;
          var error = new Error(message);
          error.status = response.status;
          throw error;
        });
    });
  }

  function signIn() {
    if (tokens.signIn()) load();
  }

  function signOut() {
    tokens.signOut();
    matrix = null;
    $('explorer').hidden = true;
    $('viewer').textContent = '';
    $('policy-version').textContent = '';
    status('Signed out.');
  }

  function load() {
    if (!token()) {
      status('Not signed in.');
      return;
    }
    status('Loading the policy matrix…');
    api('/policies/api/matrix')
      .then(function (body) {
        matrix = body;
        $('viewer').textContent =
          'Signed in as ' + body.viewer.sub + ' (' + body.viewer.roles.join(', ') + '): ' + body.viewer.access + '.';
        $('policy-version').textContent = 'Policy in force: ' + body.policyVersion.slice(0, 12);
        fillRoleFilter();
        $('explorer').hidden = false;
        render();
        status(body.coordinates.length + ' fields × ' + body.columns.length + ' caller shapes.');
        loadCandidate();
      })
      .catch(function (error) {
        $('explorer').hidden = true;
        status(error.status === 403 ? error.message : error.status === 401 ? 'Sign-in refused: ' + error.message : error.message, 'error');
      });
  }

  function fillRoleFilter() {
    var select = $('role-filter');
    var seen = {};
    while (select.options.length > 1) select.remove(1);
    matrix.columns.forEach(function (column) {
      if (seen[column.role]) return;
      seen[column.role] = true;
      select.appendChild(element('option', { value: column.role, text: column.role }));
    });
  }

  function render() {
    var query = $('search').value.trim().toLowerCase();
    var role = $('role-filter').value;
    var columns = [];
    matrix.columns.forEach(function (column, index) {
      if (!role || column.role === role) columns.push(index);
    });
    var table = $('matrix');
    table.textContent = '';

    var roleRow = element('tr', {}, [element('th', { rowspan: '2', scope: 'col', text: 'Field' })]);
    var shapeRow = element('tr');
    var spans = [];
    columns.forEach(function (index) {
      var column = matrix.columns[index];
      var last = spans[spans.length - 1];
      if (last && last.role === column.role) last.count++;
      else spans.push({ role: column.role, count: 1 });
      shapeRow.appendChild(
        element('th', { scope: 'col', title: shapeTitle(column), text: column.purpose + (column.caseNumber ? ' +case' : '') }),
      );
    });
    spans.forEach(function (span) {
      roleRow.appendChild(element('th', { colspan: String(span.count), scope: 'colgroup', className: 'role', text: span.role }));
    });
    table.appendChild(element('thead', {}, [roleRow, shapeRow]));

    var body = document.createDocumentFragment();
    var shown = 0;
    matrix.coordinates.forEach(function (coordinate, row) {
      if (query && coordinate.toLowerCase().indexOf(query) === -1) return;
      shown++;
      var tr = element('tr', {}, [element('th', { scope: 'row', text: coordinate })]);
      var verdicts = matrix.verdicts[row];
      columns.forEach(function (index) {
        var letter = verdicts.charAt(index);
        var column = matrix.columns[index];
        var button = element('button', {
          type: 'button',
          className: 'verdict ' + CLASSES[letter],
          'data-row': String(row),
          'data-column': String(index),
          'aria-label': coordinate + ' for ' + shapeTitle(column) + ': ' + LABELS[letter],
          text: LABELS[letter],
        });
        tr.appendChild(element('td', {}, [button]));
      });
      body.appendChild(tr);
    });
    table.appendChild(element('tbody', {}, [body]));
    $('row-count').textContent = shown + ' of ' + matrix.coordinates.length + ' fields';
  }

  function shapeTitle(column) {
    return column.role + ' stating ' + column.purpose + (column.caseNumber ? ' with a case number' : ' without a case number');
  }

  function showCell(row, index) {
    var column = matrix.columns[index];
    var coordinate = matrix.coordinates[row];
    var query = new URLSearchParams({
      role: column.role,
      purpose: column.purpose,
      caseNumber: String(column.caseNumber),
      coordinate: coordinate,
    });
    var detail = $('detail');
    detail.textContent = '';
    detail.appendChild(element('h2', { text: coordinate }));
    detail.appendChild(element('p', { className: 'meta', text: 'Loading…' }));
    api('/policies/api/cell?' + query.toString())
      .then(function (cell) {
        detail.textContent = '';
        var label = { ALLOWED: 'a', DENIED: 'd', DEPENDS_ON_DATA: 'p' }[cell.access];
        detail.appendChild(element('h2', { text: cell.coordinate }));
        detail.appendChild(
          element('p', {}, [element('span', { className: 'verdict ' + CLASSES[label], text: LABELS[label] }), ' for ' + shapeTitle(cell)]),
        );
        detail.appendChild(element('h3', { text: 'Reason' }));
        detail.appendChild(element('p', { className: 'reason', text: cell.reason }));
        detail.appendChild(element('h3', { text: 'Rules' }));
        detail.appendChild(list(cell.rules.length ? cell.rules : ['none: no rule covers it (denied by default)'], 'rules'));
        if (cell.conditions.length) {
          detail.appendChild(element('h3', { text: 'Data conditions' }));
          detail.appendChild(list(cell.conditions));
        }
        if (cell.allowedWith.length) {
          detail.appendChild(element('h3', { text: 'Allowed instead for' }));
          detail.appendChild(
            list(
              cell.allowedWith.map(function (a) {
                return (
                  a.roles.join(', ') +
                  ' stating ' +
                  a.purposes.join('/') +
                  (a.caseNumber ? ' with a case number' : '') +
                  (a.when.length ? ' when ' + a.when.join(' and ') : '')
                );
              }),
            ),
          );
        }
      })
      .catch(function (error) {
        detail.textContent = '';
        detail.appendChild(element('p', { className: 'error', text: error.message }));
      });
  }

  function list(items, className) {
    return element(
      'ul',
      { className: className || '' },
      items.map(function (item) {
        return element('li', { text: item });
      }),
    );
  }

  function loadCandidate() {
    var target = $('candidate-body');
    api('/policies/api/candidate')
      .then(function (report) {
        target.textContent = '';
        if (!report.loaded) {
          target.appendChild(element('p', { className: 'no-candidate', text: report.message }));
          return;
        }
        var diff = report.diff;
        target.appendChild(
          element('p', {
            text:
              'Candidate ' +
              report.candidateVersion.slice(0, 12) +
              ' against live ' +
              report.liveVersion.slice(0, 12) +
              ': ' +
              diff.changedCells +
              ' of ' +
              diff.cells +
              ' caller shapes change; ' +
              diff.totals.gained +
              ' fields gained, ' +
              diff.totals.lost +
              ' lost, ' +
              diff.totals.dependsChanged +
              ' otherwise changed.',
          }),
        );
        diff.groups.forEach(function (group) {
          target.appendChild(element('h3', { text: group.callers }));
          target.appendChild(
            list(
              group.changes.map(function (change) {
                return (
                  change.coordinate +
                  ': ' +
                  change.before.verdict +
                  ' → ' +
                  change.after.verdict +
                  ' (' +
                  change.after.rules.concat(change.before.rules).join('; ') +
                  ')'
                );
              }),
            ),
          );
        });
        Object.keys(report)
          .filter(function (key) {
            return ['loaded', 'liveVersion', 'candidateVersion', 'diff'].indexOf(key) === -1;
          })
          .concat(['diff'])
          .forEach(function (key) {
            target.appendChild(
              element('details', {}, [
                element('summary', { text: key + ' (JSON)' }),
                element('pre', { text: JSON.stringify(report[key], null, 2) }),
              ]),
            );
          });
        if (matrix.viewer.mayReplay) {
          var button = element('button', {
            type: 'button',
            id: 'replay-button',
            text: 'Replay the last 30 days of the audit trail under the candidate',
          });
          var output = element('div', { id: 'replay' });
          button.addEventListener('click', function () {
            runReplay(button, output);
          });
          target.appendChild(button);
          target.appendChild(output);
        } else {
          target.appendChild(
            element('p', { className: 'meta', text: 'Read-only: a policy officer may replay the audit trail under the candidate.' }),
          );
        }
      })
      .catch(function (error) {
        target.textContent = '';
        target.appendChild(element('p', { className: 'error', text: error.message }));
      });
  }

  function runReplay(button, output) {
    button.disabled = true;
    output.textContent = 'Replaying…';
    api('/policies/api/candidate/replay', 'POST')
      .then(function (replay) {
        var report = replay.report;
        output.textContent = '';
        output.appendChild(
          element('p', {
            text:
              report.events.replayed +
              ' requests replayed since ' +
              replay.from.slice(0, 10) +
              (replay.truncated ? ' (newest ' + replay.maxEvents + ' only)' : '') +
              ': ' +
              report.affected.requests +
              ' affected (' +
              report.affected.users +
              ' users); ' +
              report.newlyDisclosed.length +
              ' fields newly disclosed, ' +
              report.newlyWithheld.length +
              ' newly withheld.',
          }),
        );
        output.appendChild(
          element('details', {}, [
            element('summary', { text: 'replay (JSON)' }),
            element('pre', { text: JSON.stringify(replay, null, 2) }),
          ]),
        );
      })
      .catch(function (error) {
        output.textContent = '';
        output.appendChild(element('p', { className: 'error', text: error.message }));
      })
      .then(function () {
        button.disabled = false;
      });
  }

  var pending = null;
  $('search').addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(render, 150);
  });
  $('role-filter').addEventListener('change', render);
  $('sign-in-button').addEventListener('click', signIn);
  $('sign-out-button').addEventListener('click', signOut);
  $('matrix').addEventListener('click', function (event) {
    var button = event.target.closest('button.verdict');
    if (!button) return;
    showCell(Number(button.getAttribute('data-row')), Number(button.getAttribute('data-column')));
  });
  load();
})();
