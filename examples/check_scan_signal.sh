#!/usr/bin/env bash
# Checks of the scan example that need a process running in the background:
#   check_scan_signal.sh sigint PROGRAM WORK_DIR OUT_DIR
#     SIGINT mid-scan: exit 130, the "interrupted" line, and a partial CSV that is valid (the
#     header, then complete rows only, as many as the scan says it finished).
#   check_scan_signal.sh http PROGRAM WORK_DIR OUT_DIR
#     --metrics-port 0: GET /metrics answers 200 with the scan's metrics while it runs, another
#     path 404; the scan then ends normally and the port is closed.
# The scan's --delay-ms (a testing option) makes each ticker take long enough to act mid-run.
set -u
mode=$1 program=$2 work_dir=$3 out=$4
rm -rf "$out" && mkdir -p "$out" || exit 1
cd "$work_dir" || exit 1

fail() {
  echo "FAIL: $*"
  echo "--- stdout"; cat "$out/stdout" 2>/dev/null
  echo "--- stderr"; cat "$out/stderr" 2>/dev/null
  [ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null
  exit 1
}

# Waits (up to 20 s) until the file has a line matching the extended regex.
wait_for_line() {
  for _ in $(seq 200); do
    grep -Eq "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Sends "GET <path>" to 127.0.0.1:<port> and prints the whole response (bash's /dev/tcp).
http_get() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  cat <&3
  exec 3<&-
}

case $mode in
sigint)
  "$program" --threads 2 --delay-ms 300 --csv "$out/partial.csv" --json "$out/partial.json" \
    --metrics-prom "$out/partial.prom" >"$out/stdout" 2>"$out/stderr" &
  pid=$!
  # Once two tickers have finished (the progress lines), interrupt the rest.
  wait_for_line "$out/stderr" '^\[ ?[0-9]+/[0-9]+\] .* .*$' || fail "no progress line"
  wait_for_line "$out/stderr" '^\[ ?2/' || fail "no second progress line"
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  pid=
  [ "$rc" -eq 130 ] || fail "exit status $rc, expected 130"
  line=$(grep -E '^scan interrupted by a signal: [0-9]+ of [0-9]+ tickers not scanned$' \
         "$out/stdout") || fail "no 'scan interrupted' line on stdout"
  not_scanned=$(echo "$line" | sed -E 's/.*: ([0-9]+) of ([0-9]+) .*/\1/')
  total=$(echo "$line" | sed -E 's/.*: ([0-9]+) of ([0-9]+) .*/\2/')
  [ "$not_scanned" -gt 0 ] || fail "the signal came after every ticker had been taken"
  scanned=$((total - not_scanned))
  grep -q "^$scanned of $total scanned: " "$out/stdout" || fail "summary does not say $scanned"
  [ -s "$out/partial.csv" ] || fail "no partial CSV"
  head -n 1 "$out/partial.csv" | grep -q '^rank,ticker,event_date,timing,chain,.*,status,reason$' ||
    fail "partial CSV header"
  rows=$(($(wc -l <"$out/partial.csv") - 1))
  [ "$rows" -eq "$scanned" ] || fail "partial CSV has $rows rows, the scan finished $scanned"
  [ -z "$(tail -c 1 "$out/partial.csv")" ] || fail "partial CSV does not end with a newline"
  # Every row complete: 19 fields, counted outside double quotes.
  awk 'NR > 1 {
         n = 1; q = 0
         for (i = 1; i <= length($0); i++) {
           c = substr($0, i, 1)
           if (c == "\"") q = !q; else if (c == "," && !q) n++
         }
         if (n != 19 || q) { print "line " NR ": " n " fields: " $0; bad = 1 }
       }
       END { exit bad }' "$out/partial.csv" || fail "partial CSV has an incomplete row"
  grep -q '"interrupted":true' "$out/partial.json" || fail "partial JSON not marked interrupted"
  grep -q "^ivcrush_scan_ticker_seconds_count $scanned\$" "$out/partial.prom" ||
    fail "partial metrics do not count $scanned analyses"
  ;;
http)
  "$program" --threads 1 --delay-ms 200 --metrics-port 0 >"$out/stdout" 2>"$out/stderr" &
  pid=$!
  wait_for_line "$out/stderr" '^scan: metrics at http://127\.0\.0\.1:[0-9]+/metrics$' ||
    fail "no 'metrics at' line"
  port=$(sed -nE 's|^scan: metrics at http://127\.0\.0\.1:([0-9]+)/metrics$|\1|p' "$out/stderr")
  wait_for_line "$out/stderr" '^\[ ?1/' || fail "no progress line"
  http_get "$port" /metrics >"$out/metrics.http" || fail "cannot connect to port $port"
  head -n 1 "$out/metrics.http" | grep -q '^HTTP/1.0 200 OK' || fail "GET /metrics: $(head -n 1 "$out/metrics.http")"
  for name in '# TYPE ivcrush_scan_tickers_total counter' 'ivcrush_scan_ticker_seconds_count' \
              '# TYPE ivcrush_scan_in_flight gauge' 'ivcrush_scan_universe_tickers '; do
    grep -qF "$name" "$out/metrics.http" || fail "GET /metrics lacks '$name'"
  done
  http_get "$port" /nope >"$out/nope.http" || fail "cannot connect to port $port"
  head -n 1 "$out/nope.http" | grep -q '^HTTP/1.0 404' || fail "GET /nope: $(head -n 1 "$out/nope.http")"
  wait "$pid"
  rc=$?
  pid=
  [ "$rc" -eq 0 ] || fail "exit status $rc"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port still open after the scan ended"
  fi
  ;;
*)
  echo "unknown mode $mode"
  exit 2
  ;;
esac
echo "ok"
