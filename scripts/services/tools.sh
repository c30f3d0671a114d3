# scripts/services/tools.sh — command-line tools the benchmarks drive (sourced by
# scripts/services.sh): wrk from Debian's packages, for bench/load.py.

ensure_tools() {
  if ! command -v wrk >/dev/null 2>&1; then
    say "tools: installing wrk from Debian (apt-get install wrk) ..."
    apt_install wrk || die "tools: apt-get install wrk failed"
  fi
}
