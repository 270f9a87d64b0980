# Checks of the scan example beyond its golden stdout. Run with cmake -P:
#   -DMODE=threads   --threads 1 and 2 write byte-identical CSV and JSON (and stdout); the JSON
#                    parses (string(JSON)) and lists the CSV's tickers in the CSV's order; the
#                    metrics files name every scan metric and count every scanned ticker
#   -DMODE=badargs   bad arguments exit 2 with the usage on stderr
#   -DMODE=chains    --chains: a synthetic chain file and one with an unknown ticker and a bad
#                    row: market-labelled rows, the event from the calendar, the reject reported
#   -DMODE=db        --db appends the analyses to a SQLite file (WITH_SQLITE=ON), or exits 2
#                    saying SQLite support was not built (WITH_SQLITE=OFF)
# PROGRAM: the scan executable; WORK_DIR: the repository (data/ under it); OUT_DIR: scratch.
cmake_minimum_required(VERSION 3.19)  # string(JSON)

file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})

function(run_scan out_prefix)
  execute_process(COMMAND ${PROGRAM} ${ARGN} WORKING_DIRECTORY ${WORK_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_prefix}_rc "${rc}" PARENT_SCOPE)
  set(${out_prefix}_out "${out}" PARENT_SCOPE)
  set(${out_prefix}_err "${err}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "threads")
  foreach(n 1 2)
    run_scan(t${n} --threads ${n} --quiet --csv ${OUT_DIR}/t${n}.csv --json ${OUT_DIR}/t${n}.json
             --metrics-prom ${OUT_DIR}/t${n}.prom --metrics-json ${OUT_DIR}/t${n}.metrics.json)
    if(NOT t${n}_rc EQUAL 0)
      message(FATAL_ERROR "scan --threads ${n} exited with ${t${n}_rc}\n${t${n}_err}")
    endif()
    file(READ ${OUT_DIR}/t${n}.csv csv${n})
    file(READ ${OUT_DIR}/t${n}.json json${n})
  endforeach()
  if(NOT csv1 STREQUAL csv2)
    message(FATAL_ERROR "CSV differs between --threads 1 and 2 (${OUT_DIR}/t1.csv, t2.csv)")
  endif()
  if(NOT json1 STREQUAL json2)
    message(FATAL_ERROR "JSON differs between --threads 1 and 2 (${OUT_DIR}/t1.json, t2.json)")
  endif()
  if(NOT t1_out STREQUAL t2_out)
    message(FATAL_ERROR "stdout differs between --threads 1 and 2:\n${t1_out}\n---\n${t2_out}")
  endif()

  # The JSON parses, and its rows are the CSV's rows in the same order.
  string(JSON n_rows ERROR_VARIABLE json_error LENGTH "${json1}" rows)
  if(json_error)
    message(FATAL_ERROR "the JSON does not parse: ${json_error}")
  endif()
  string(JSON n_tickers GET "${json1}" scan tickers)
  string(JSON n_scanned GET "${json1}" scan scanned)
  string(JSON interrupted GET "${json1}" scan interrupted)
  if(NOT n_rows EQUAL n_tickers OR NOT n_rows EQUAL n_scanned OR interrupted)
    message(FATAL_ERROR "JSON: ${n_rows} rows, tickers ${n_tickers}, scanned ${n_scanned}, "
                        "interrupted ${interrupted}")
  endif()
  if(n_rows LESS 20)
    message(FATAL_ERROR "JSON: only ${n_rows} rows; the bundled data has 25 observed tickers")
  endif()
  # One list element per line (a reason may hold a ";", CMake's list separator: masked first).
  string(REPLACE ";" "<sc>" csv_lines "${csv1}")
  string(REGEX REPLACE "\n$" "" csv_lines "${csv_lines}")
  string(REPLACE "\n" ";" csv_lines "${csv_lines}")
  list(POP_FRONT csv_lines header)
  if(NOT header MATCHES "^rank,ticker,event_date,timing,chain,")
    message(FATAL_ERROR "CSV header: ${header}")
  endif()
  list(LENGTH csv_lines n_csv)
  if(NOT n_csv EQUAL n_rows)
    message(FATAL_ERROR "CSV has ${n_csv} rows, JSON ${n_rows}")
  endif()
  math(EXPR last "${n_rows} - 1")
  foreach(i RANGE ${last})
    list(GET csv_lines ${i} line)
    string(JSON ticker GET "${json1}" rows ${i} ticker)
    string(JSON chain GET "${json1}" rows ${i} chain)
    string(JSON status GET "${json1}" rows ${i} status)
    if(NOT line MATCHES "^[0-9]*,${ticker},[0-9-]+,[A-Z]+,MODELED,.*,${status},")
      message(FATAL_ERROR "row ${i}: CSV '${line}' vs JSON ${ticker} ${chain} ${status}")
    endif()
    if(NOT chain STREQUAL "MODELED")
      message(FATAL_ERROR "row ${i} (${ticker}) is not labelled MODELED: ${chain}")
    endif()
  endforeach()

  # Metrics: every name, and the per-status counters add up to the rows.
  file(READ ${OUT_DIR}/t1.prom prom)
  foreach(name "# TYPE ivcrush_scan_tickers_total counter"
               "# TYPE ivcrush_scan_ticker_seconds histogram"
               "ivcrush_scan_ticker_seconds_bucket{le=\"+Inf\"} ${n_rows}"
               "ivcrush_scan_ticker_seconds_count ${n_rows}"
               "# TYPE ivcrush_scan_in_flight gauge" "ivcrush_scan_in_flight 0"
               "ivcrush_scan_universe_tickers ${n_rows}" "ivcrush_scan_tickers_total{status=\"ok\"}")
    string(FIND "${prom}" "${name}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${OUT_DIR}/t1.prom lacks '${name}':\n${prom}")
    endif()
  endforeach()
  string(REGEX MATCHALL "ivcrush_scan_tickers_total{status=\"[a-z_]+\"} [0-9]+" counters "${prom}")
  set(sum 0)
  foreach(c IN LISTS counters)
    string(REGEX REPLACE ".* " "" v "${c}")
    math(EXPR sum "${sum} + ${v}")
  endforeach()
  if(NOT sum EQUAL n_rows)
    message(FATAL_ERROR "ivcrush_scan_tickers_total adds up to ${sum}, not ${n_rows}")
  endif()
  file(READ ${OUT_DIR}/t1.metrics.json mjson)
  string(JSON n_families ERROR_VARIABLE json_error LENGTH "${mjson}" metrics)
  if(json_error)
    message(FATAL_ERROR "the metrics JSON does not parse: ${json_error}")
  endif()
  set(names "")
  math(EXPR last "${n_families} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${mjson}" metrics ${i} name)
    list(APPEND names ${name})
  endforeach()
  foreach(name ivcrush_scan_tickers_total ivcrush_scan_ticker_seconds ivcrush_scan_in_flight
               ivcrush_scan_universe_tickers)
    if(NOT name IN_LIST names)
      message(FATAL_ERROR "the metrics JSON lacks ${name}: ${names}")
    endif()
  endforeach()

elseif(MODE STREQUAL "badargs")
  foreach(args "--threads;0" "--no-such-option" "--policy;no_such_policy" "--top;0"
               "--metrics-port;70000" "--data;no/such/dir" "unexpected_positional" "--threads"
               "--unknown-oi;maybe")
    run_scan(bad ${args})
    if(NOT bad_rc EQUAL 2)
      message(FATAL_ERROR "scan ${args}: exit ${bad_rc}, expected 2\n${bad_out}\n${bad_err}")
    endif()
    if(NOT bad_err MATCHES "Usage: scan" OR NOT bad_err MATCHES "--threads")
      message(FATAL_ERROR "scan ${args}: no usage on stderr:\n${bad_err}")
    endif()
    if(NOT bad_out STREQUAL "")
      message(FATAL_ERROR "scan ${args}: printed to stdout:\n${bad_out}")
    endif()
  endforeach()
  run_scan(help --help)
  if(NOT help_rc EQUAL 0 OR NOT help_out MATCHES "--metrics-port")
    message(FATAL_ERROR "scan --help: exit ${help_rc}\n${help_out}")
  endif()
  if(help_out MATCHES "--delay-ms")
    message(FATAL_ERROR "scan --help shows the testing option --delay-ms:\n${help_out}")
  endif()

elseif(MODE STREQUAL "chains")
  # Synthetic end-of-day quotes (Black-Scholes at about 128 % for the week of the event, a put
  # skew, 2 % half-spreads), written here because no market chains are bundled.
  set(cien_rows
      "CIEN,2025-12-05,2025-12-12,175,C,31.04,32.31,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,175,P,4.87,5.07,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,180,C,27.35,28.47,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,180,P,6.07,6.32,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,185,C,23.87,24.84,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,185,P,7.49,7.80,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,190,C,20.61,21.45,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,190,P,9.14,9.51,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,195,C,17.60,18.32,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,195,P,11.02,11.47,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,200,C,14.84,15.45,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,200,P,13.17,13.71,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,205,C,12.52,13.03,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,205,P,15.75,16.39,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,210,C,10.55,10.98,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,210,P,18.67,19.44,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,215,C,8.83,9.19,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,215,P,21.85,22.75,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,220,C,7.34,7.64,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,220,P,25.27,26.30,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,225,C,6.06,6.31,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,225,P,28.89,30.07,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,230,C,4.98,5.18,10,10,,100,500,201.71"
      "CIEN,2025-12-05,2025-12-12,230,P,32.70,34.04,10,10,,100,500,201.71"
  )
  set(header "underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
             "open_interest,underlying_close")
  string(JOIN "" header ${header})
  list(JOIN cien_rows "\n" body)
  file(WRITE ${OUT_DIR}/chains/cien_2025-12-05.csv "${header}\n${body}\n")
  # A ticker the calendar does not know, and a row that does not parse.
  file(WRITE ${OUT_DIR}/chains/zzzz.csv "${header}\n"
             "ZZZZ,2025-12-05,2025-12-12,10,C,1.00,1.10,1,1,,5,50,10.5\n"
             "ZZZZ,2025-12-05,2025-12-12,oops,C,1.00,1.10,1,1,,5,50,10.5\n")
  run_scan(m --chains ${OUT_DIR}/chains --threads 2 --json ${OUT_DIR}/chains.json)
  if(NOT m_rc EQUAL 0)
    message(FATAL_ERROR "scan --chains: exit ${m_rc}\n${m_out}\n${m_err}")
  endif()
  if(NOT m_out MATCHES "2 market chains from .* \\(1 rejected rows\\)")
    message(FATAL_ERROR "scan --chains: header\n${m_out}")
  endif()
  if(NOT m_err MATCHES "zzzz.csv:3: rejected \\(strike\\)")
    message(FATAL_ERROR "scan --chains: the rejected row is not reported\n${m_err}")
  endif()
  if(m_out MATCHES "MODELED")
    message(FATAL_ERROR "scan --chains says MODELED for market chains\n${m_out}")
  endif()
  file(READ ${OUT_DIR}/chains.json json)
  string(JSON n GET "${json}" scan tickers)
  string(JSON source GET "${json}" scan chains)
  string(JSON t0 GET "${json}" rows 0 ticker)
  string(JSON c0 GET "${json}" rows 0 chain)
  string(JSON e0 GET "${json}" rows 0 event_date)
  string(JSON s0 GET "${json}" rows 0 status)
  string(JSON im0 GET "${json}" rows 0 implied_move_pct)
  string(JSON t1 GET "${json}" rows 1 ticker)
  string(JSON s1 GET "${json}" rows 1 status)
  string(JSON e1 TYPE "${json}" rows 1 event_date)
  if(NOT n EQUAL 2 OR NOT source STREQUAL "market" OR NOT t0 STREQUAL "CIEN"
     OR NOT c0 STREQUAL "market:cien_2025-12-05.csv@2025-12-05" OR NOT e0 STREQUAL "2025-12-11"
     OR NOT s0 STREQUAL "no_trade" OR NOT t1 STREQUAL "ZZZZ" OR NOT s1 STREQUAL "no_event"
     OR NOT e1 STREQUAL "NULL")
    message(FATAL_ERROR "scan --chains rows:\n${json}")
  endif()
  # The ATM straddle is the 200 strike's (nearest 201.71): mids (14.84+15.45)/2 + (13.17+13.71)/2
  # = 28.585, / 201.71 = 14.17134 %.
  if(NOT im0 STREQUAL "14.1713")
    message(FATAL_ERROR "scan --chains: CIEN implied move ${im0} %, expected 14.1713 %")
  endif()

elseif(MODE STREQUAL "db")
  set(db ${OUT_DIR}/scan.sqlite)
  if(WITH_SQLITE)
    foreach(round 1 2)  # the second run appends to the migrated file
      run_scan(db --threads 2 --db ${db})
      if(NOT db_rc EQUAL 0)
        message(FATAL_ERROR "scan --db (run ${round}): exit ${db_rc}\n${db_err}")
      endif()
      if(NOT db_err MATCHES "scan: stored ([0-9]+) analyses in")
        message(FATAL_ERROR "scan --db (run ${round}): no 'stored' line:\n${db_err}")
      endif()
      if(CMAKE_MATCH_1 LESS 10)
        message(FATAL_ERROR "scan --db stored only ${CMAKE_MATCH_1} analyses")
      endif()
    endforeach()
    if(NOT EXISTS ${db})
      message(FATAL_ERROR "scan --db did not create ${db}")
    endif()
  else()
    run_scan(db --db ${db})
    if(NOT db_rc EQUAL 2 OR NOT db_err MATCHES "no SQLite support")
      message(FATAL_ERROR "scan --db without SQLite: exit ${db_rc}\n${db_err}")
    endif()
  endif()

else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
