#!/usr/bin/env bash
# Checks the Prometheus alert rules with a real promtool, from the repository root wherever it is called from:
#
#   1. promtool check rules charts/jobtrack/alerts/jobtrack.rules.yaml   (syntax, PromQL, templates)
#   2. promtool test rules charts/jobtrack/alerts/tests/*.test.yaml      (the unit tests)
#   3. every alert of the rules file has a test case that fires it and one in which it stays silent.
#
# Step 3 exists because promtool cannot tell: an alert nobody tests passes, and so does a silent case whose
# alertname is misspelt. promtool comes from install-prometheus.sh (installed once on Debian if missing).
# Exit status 0 only when all three pass.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RULES=charts/jobtrack/alerts/jobtrack.rules.yaml
TESTS_DIR=charts/jobtrack/alerts/tests

die() { echo "check-rules: $*" >&2; exit 1; }

# Every alert needs an alert_rule_test case with a non-empty exp_alerts (it fires) and one with an empty or absent
# exp_alerts (it stays silent); a case naming an alert the rules file does not have is an error too. PyYAML reads
# the files when it is installed; a plain python3 falls back to a line scan that understands the block style the
# test files use (each case is a list item starting with eval_time, alertname or exp_alerts).
check_coverage() {
  python3 - "$RULES" "$@" <<'PY'
import re
import sys

rules_file, test_files = sys.argv[1], sys.argv[2:]

try:
    import yaml
except ImportError:
    yaml = None


def unquote(s):
    return s.strip().strip('\'"')


def alerts_in_rules(path):
    if yaml:
        doc = yaml.safe_load(open(path)) or {}
        return [r['alert'] for g in doc.get('groups') or [] for r in g.get('rules') or [] if 'alert' in r]
    return [unquote(m.group(1)) for m in re.finditer(r'^\s*(?:-\s*)?alert:\s*(\S+)', open(path).read(), re.M)]


def cases_in_tests(path):
    """(alertname, fires) for every alert_rule_test case of a test file."""
    if yaml:
        doc = yaml.safe_load(open(path)) or {}
        return [(str(c.get('alertname')), bool(c.get('exp_alerts')))
                for t in doc.get('tests') or [] for c in t.get('alert_rule_test') or []]
    cases, case, in_art, art_indent = [], None, False, -1
    lines = open(path).read().splitlines()
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        indent = len(line) - len(line.lstrip())
        if re.match(r'\s*(?:-\s*)?alert_rule_test:', line):
            in_art, art_indent = True, indent
            continue
        if in_art and indent <= art_indent and not line.lstrip().startswith('-'):
            in_art = False  # a sibling key of alert_rule_test, e.g. promql_expr_test
        if not in_art:
            continue
        if re.match(r'\s*-\s*(eval_time|alertname|exp_alerts):', line):
            case = {'alertname': None, 'fires': False}
            cases.append(case)
        m = re.match(r'\s*(?:-\s*)?alertname:\s*(.+?)\s*$', line)
        if m and case is not None:
            case['alertname'] = unquote(m.group(1))
        m = re.match(r'(\s*)(?:-\s*)?exp_alerts:\s*(.*?)\s*$', line)
        if m and case is not None:
            rest = m.group(2)
            if rest:
                case['fires'] = rest.startswith('[') and not re.fullmatch(r'\[\s*\]', rest)
            else:
                nxt = next((l for l in lines[i + 1:] if l.strip() and not l.lstrip().startswith('#')), '')
                case['fires'] = nxt.lstrip().startswith('-') and len(nxt) - len(nxt.lstrip()) >= indent
    return [(c['alertname'], c['fires']) for c in cases]


alerts = alerts_in_rules(rules_file)
if not alerts:
    sys.exit(f'no alert found in {rules_file}')
firing, silent, problems, n = set(), set(), [], 0
for path in test_files:
    for name, fires in cases_in_tests(path):
        n += 1
        if name not in alerts:
            problems.append(f'{path}: a test case names alert {name!r}, which {rules_file} does not have')
        (firing if fires else silent).add(name)
for name in alerts:
    if name not in firing:
        problems.append(f'{name}: no test case in which it fires (non-empty exp_alerts)')
    if name not in silent:
        problems.append(f'{name}: no test case in which it stays silent (exp_alerts: [])')
if problems:
    print('check-rules: alert test coverage is incomplete:', *problems, sep='\n  ', file=sys.stderr)
    sys.exit(1)
print(f'{len(alerts)} alerts, each fired and held silent at least once, in {n} alert test cases')
PY
}

main() {
  cd "$ROOT"
  local bin
  bin=$(scripts/observe/install-prometheus.sh) || die "could not get promtool (see above)"
  local promtool=$bin/promtool
  [[ -f $RULES ]] || die "$RULES is missing"
  local tests=("$TESTS_DIR"/*.test.yaml)
  [[ -f ${tests[0]} ]] || die "no test files in $TESTS_DIR (*.test.yaml)"

  echo "check-rules: $("$promtool" --version 2>&1 | head -n1)"
  "$promtool" check rules "$RULES" || die "promtool check rules failed for $RULES"
  "$promtool" test rules "${tests[@]}" || die "promtool test rules failed (see above)"
  local summary
  summary=$(check_coverage "${tests[@]}") || die "every alert needs a firing and a silent test case (see above)"
  echo "check-rules: $summary"
  echo "check-rules: OK: $RULES is valid, ${#tests[@]} test files pass"
}

main "$@"
