#!/usr/bin/env bash
# `npm test`: provisions an engine, typechecks, builds, then runs the test files under the
# given paths (default: test/) with node's test runner, one process per file.
#   bash scripts/test.sh                      everything
#   bash scripts/test.sh test/unit            a folder
#   bash scripts/test.sh test/e2e/x.test.ts   a file
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }

# The paths are checked first, so a typo fails at once rather than after the build.
files=()
for path in "${@:-test}"; do
	if [[ -f $path ]]; then
		files+=("$path")
	elif [[ -d $path ]]; then
		mapfile -t -O "${#files[@]}" files < <(find "$path" -type f \( -name '*.test.ts' -o -name '*.test.tsx' \) | sort)
	else
		printf 'test.sh: no such file or folder: %s\n' "$path" >&2
		exit 2
	fi
done
if ((${#files[@]} == 0)); then
	printf 'test.sh: no test files (*.test.ts, *.test.tsx) under: %s\n' "${*:-test}" >&2
	exit 2
fi

step 'engine'
bash scripts/provision-engine.sh

step 'typecheck'
npm run --silent typecheck

step 'build'
npm run --silent build

step 'stale test objects'
# Containers, networks and volumes that crashed earlier runs left behind.
# shellcheck disable=SC2016 # the $ is JavaScript's
node --import tsx --input-type=module --eval '
	const {requireEngine, removeAllTestObjects} = await import("./test/support/engine.ts");
	const removed = await removeAllTestObjects(await requireEngine());
	console.log(`removed ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes`);
'

step "tests (${#files[@]} files)"
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
status=0
# spec for people, TAP to a file for the closing counts. A test, or a test file, still running
# after 5 minutes is cancelled under its name instead of holding up the whole run.
node --import tsx --test --test-timeout=300000 \
	--test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$tap" \
	"${files[@]}" || status=$?

count() {
	sed -n "s/^# $1 \([0-9]*\)$/\1/p" "$tap" | tail -n 1
}
passed=$(count pass)
failed=$(count fail)
cancelled=$(count cancelled)
echo
grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$tap" || true
# Cancelled tests (a timeout, a crashed file) count as failed.
echo "$((${passed:-0})) passed, $((${failed:-0} + ${cancelled:-0})) failed"
exit "$status"
