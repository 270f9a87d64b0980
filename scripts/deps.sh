#!/usr/bin/env bash
# Installs the Debian packages ivcrush needs to build and test, only those that are missing.
# Sourced by scripts/demo and scripts/test; run as root or with sudo available.
set -euo pipefail

# What the test command needs. CI adds clang, clang-format and the benchmark packages.
# The optional components' libraries are included so that every test runs.
ivcrush_required_packages=(cmake ninja-build g++ libboost-dev libfmt-dev doctest-dev
  libsqlite3-dev nlohmann-json3-dev libcli11-dev)

# The Python bindings and their tests (pytest, the Dask examples on a LocalCluster); the test
# command installs them too, the demo does not need them.
ivcrush_python_packages=(pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest
  python3-dask python3-distributed)

ivcrush_install_deps() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "ivcrush: installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
