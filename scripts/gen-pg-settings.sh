#!/usr/bin/env bash
# Regenerate src/session/pg-settings.json from a real PostgreSQL: every setting a client
# may SET (context user/superuser), with its boot value and the way SHOW prints it.
# Usage: PGURL=postgres://postgres@127.0.0.1:5432/test bash scripts/gen-pg-settings.sh
set -euo pipefail
url=${PGURL:-postgres://postgres@127.0.0.1:5432/test}
out=$(dirname "$0")/../src/session/pg-settings.json
psql "$url" -XAtq -c "
  select json_build_object(
    'generatedFrom', version(),
    'settings', json_agg(json_build_object(
      'name', lower(name), 'display', name, 'vartype', vartype, 'unit', unit,
      'boot', boot_val, 'enumvals', enumvals, 'min', min_val, 'max', max_val, 'context', context, 'category', category,
      'description', short_desc) order by name))
  from pg_settings where context in ('user', 'superuser', 'internal', 'backend', 'superuser-backend')
" | python3 -c 'import json,sys; d=json.load(sys.stdin); json.dump(d, open(sys.argv[1],"w"), indent=1); print(len(d["settings"]), "settings")' "$out"
