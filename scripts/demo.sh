#!/usr/bin/env bash
# End-to-end demo: set up and build Retort, then, in a temporary directory
# (removed afterwards):
#   1. the Core quickstart example (engine, DDL, inserts, queries, reflection);
#   2. the migration walk-through with the `retort` CLI: init a project, write
#      two revisions, upgrade, look at current/history, render offline SQL,
#      downgrade one step, and inspect the live schema after each move; then
#      declare the model in schema YAML, let `retort check` find the drift,
#      `retort revision --autogenerate` write the revision, upgrade, change
#      the model and autogenerate again, look at history/current/graph,
#      downgrade one revision and upgrade back, and check again.
#
#   scripts/demo.sh          both on fresh SQLite databases in the temp directory
#   scripts/demo.sh URL      both on URL instead (a PostgreSQL/MySQL URL works too;
#                            the demo's tables are created and dropped again)
#
# Environment: RETORT_BUILD_DIR (default: build), BUILD_JOBS, RETORT_SKIP_SETUP=1
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 0
fi

build_dir=${RETORT_BUILD_DIR:-build}

if [[ ${RETORT_SKIP_SETUP:-} != 1 ]]; then
  echo "==> Retort demo: installing dependencies and building ($build_dir)"
  bash scripts/setup.sh
fi

quickstart=$build_dir/examples/quickstart
if [[ ! -x $quickstart ]]; then
  echo "demo.sh: $quickstart was not built" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/retort-demo.XXXXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

url=${1:-sqlite:///$tmp/demo.db}
echo "==> 1. Core quickstart: $quickstart"
echo
"$quickstart" "$url"
echo

retort=$(cd "$build_dir" && pwd)/cli/retort
if [[ ! -x $retort ]]; then
  echo "demo.sh: $retort was not built" >&2
  exit 1
fi
mig_url=${1:-sqlite:///$tmp/app.db}
project=$tmp/project
mkdir -p "$project"
cd "$project"
export DATABASE_URL=$mig_url

step() {
  echo
  echo "\$ retort $*"
  "$retort" "$@"
}

# replace the empty upgrade:/downgrade: lists of a freshly written revision file
fill_revision() {
  local file=$1 upgrade=$2 downgrade=$3
  awk -v up="$upgrade" -v down="$downgrade" '
    /^upgrade: \[\]$/   { print "upgrade:"; print up; next }
    /^downgrade: \[\]$/ { print "downgrade:"; print down; next }
    { print }' "$file" >"$file.new"
  mv "$file.new" "$file"
  echo "  (filled in $(basename "$file"))"
}

echo "==> 2. Migrations with the retort CLI in $project (url from \$DATABASE_URL)"
step init migrations
step revision -m "create account" --rev-id a1b2c3d4e5f6
fill_revision migrations/versions/a1b2c3d4e5f6_create_account.yaml \
'  - create_table:
      name: demo_account
      columns:
        - {name: id, type: Integer, primary_key: true}
        - {name: email, type: String(120), nullable: false}
  - create_index: {name: ix_demo_account_email, table: demo_account, columns: [email], unique: true}
  - bulk_insert:
      table: demo_account
      rows:
        - {id: 1, email: ada@example.com}
        - {id: 2, email: grace@example.com}' \
'  - drop_table: {name: demo_account}'
step revision -m "add balance"
second=$(ls migrations/versions | grep -v '^a1b2c3d4e5f6')
fill_revision "migrations/versions/$second" \
'  - add_column:
      table: demo_account
      column: {name: balance, type: "Numeric(12,2)", nullable: false, server_default: "0"}' \
'  - drop_column: {table: demo_account, name: balance}'
step history
step upgrade head --sql
step upgrade head
step current -v
step inspect --table demo_account
step downgrade -1
step current
step inspect --table demo_account
step upgrade head

echo
echo "==> 3. The model as schema YAML (target_metadata): the account table with a nickname"
cat >models.yaml <<'YAML'
tables:
  demo_account:
    columns:
      - {name: id, type: Integer, primary_key: true}
      - {name: email, type: String(120), nullable: false}
      - {name: balance, type: "Numeric(12,2)", nullable: false, server_default: "0"}
      - {name: nickname, type: String(40), comment: shown to other users}
    indexes:
      - {name: ix_demo_account_email, columns: [email], unique: true}
YAML
echo "target_metadata: [models.yaml]" >>retort.yaml
cat models.yaml

# retort check must report drift (exit 6) here
expect_drift() {
  echo
  echo "\$ retort check      # the model and the database differ: exit 6"
  set +e
  "$retort" check
  local code=$?
  set -e
  echo "(exit code $code)"
  if [[ $code -ne 6 ]]; then
    echo "demo.sh: expected retort check to report drift with exit code 6" >&2
    exit 1
  fi
}
expect_drift
step revision --autogenerate -m "nickname" --rev-id c0ffee000001
cat migrations/versions/c0ffee000001_nickname.yaml
step upgrade head
step check

echo
echo "==> 4. The model changes: a login table referring to accounts, an index on nickname"
cat >models.yaml <<'YAML'
tables:
  demo_account:
    columns:
      - {name: id, type: Integer, primary_key: true}
      - {name: email, type: String(120), nullable: false}
      - {name: balance, type: "Numeric(12,2)", nullable: false, server_default: "0"}
      - {name: nickname, type: String(40), comment: shown to other users}
    indexes:
      - {name: ix_demo_account_email, columns: [email], unique: true}
      - {name: ix_demo_account_nickname, columns: [nickname]}
  demo_login:
    columns:
      - {name: id, type: Integer, primary_key: true}
      - {name: account_id, type: Integer, nullable: false}
      - {name: at, type: DateTime, nullable: false, server_default: CURRENT_TIMESTAMP}
    foreign_keys:
      - {name: fk_demo_login_account, columns: [account_id], references: demo_account(id), ondelete: CASCADE}
YAML
cat models.yaml
expect_drift
step revision --autogenerate -m "logins" --rev-id c0ffee000002
cat migrations/versions/c0ffee000002_logins.yaml
step upgrade head
step history -i
step current -v
step graph
echo
echo "==> 5. Down one revision and back up"
step downgrade -1
step current
step check          # a pending revision file covers the model: still clean
step upgrade head
step check
step downgrade base
step current
echo
echo "==> Demo finished"
