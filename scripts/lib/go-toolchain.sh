# scripts/lib/go-toolchain.sh - sourced by the scripts that build Go tools
# for the tests (build-otelcol, build-versitygw, build-helm, build-cosign).
# Defines find_go, which sets $go to a Go of 1.25 or newer: PATH,
# /usr/local/go, else the toolchain the Go module proxy serves
# (golang.org/toolchain, what GOTOOLCHAIN downloads), fetched once into
# <repo>/.cache/go-toolchain; and go_install_pinned. Needs $repo and a log
# function.

go_toolchain=go1.25.4

go_new_enough() { "$1" version 2>/dev/null | grep -Eq 'go1\.(2[5-9]|[3-9][0-9])'; }

find_go() {
  go=
  local candidate
  for candidate in "$(command -v go || true)" /usr/local/go/bin/go "$repo/.cache/go-toolchain/$go_toolchain/bin/go"; do
    if [[ -n $candidate && -x $candidate ]] && go_new_enough "$candidate"; then go=$candidate; return 0; fi
  done
  log "no Go 1.25+ here: fetching $go_toolchain from the Go module proxy"
  python3 - "${FLOE_GOPROXY:-https://proxy.golang.org}" "$go_toolchain" "$repo/.cache/go-toolchain" <<'PY'
import io, os, shutil, sys, urllib.request, zipfile
proxy, version, dest = sys.argv[1:]
url = f"{proxy}/golang.org/toolchain/@v/v0.0.1-{version}.linux-amd64.zip"
data = urllib.request.urlopen(url, timeout=300).read()
tmp = f"{dest}/{version}.tmp"
shutil.rmtree(tmp, ignore_errors=True)
prefix = f"golang.org/toolchain@v0.0.1-{version}.linux-amd64/"
with zipfile.ZipFile(io.BytesIO(data)) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        path = os.path.join(tmp, info.filename[len(prefix):])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with z.open(info) as src, open(path, "wb") as out:
            shutil.copyfileobj(src, out)
        os.chmod(path, (info.external_attr >> 16) & 0o777 or 0o644)
shutil.rmtree(f"{dest}/{version}", ignore_errors=True)
os.replace(tmp, f"{dest}/{version}")
PY
  go=$repo/.cache/go-toolchain/$go_toolchain/bin/go
  go_new_enough "$go" || { log "the fetched $go_toolchain does not run"; return 1; }
}

# go_tool_flags: how every Go tool for the tests is built. Without
# optimisation or inlining (-N -l) and without symbol tables (-s -w): a
# quarter less CPU to build (versitygw: 153 s against 207 s), and these
# builds are a large part of a fresh machine's CPU; the tests ask these
# servers and tools for a few hundred requests, which unoptimised code
# serves fast enough.
go_tool_flags=(-trimpath "-gcflags=all=-N -l" "-ldflags=-s -w")

# go_install_pinned NAME MODULE VERSION OUT: `go install MODULE@VERSION` into
# OUT (from the Go module proxy, with a Go find_go chose), skipped when OUT
# holds NAME built at VERSION; the stamp is written last, so an interrupted
# build is redone by the next run.
go_install_pinned() {
  local name=$1 module=$2 version=$3 out=$4
  if [[ -x $out/$name && $(cat "$out/stamp" 2>/dev/null || true) == "$version" ]]; then
    return 0
  fi
  find_go
  log "building $name $version (several minutes the first time)"
  mkdir -p "$out"
  rm -f "$out/$name"
  GOBIN=$out GOTOOLCHAIN=local GOPROXY=${FLOE_GOPROXY:-https://proxy.golang.org} \
    "$go" install "${go_tool_flags[@]}" "$module@$version"
  printf '%s\n' "$version" >"$out/stamp"
  log "ok: $out/$name"
}
