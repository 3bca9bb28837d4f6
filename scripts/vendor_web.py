"""Copy the pinned web assets (npm: leaflet, jquery, leaflet-measure) into resources/web/vendor.

Run by scripts/setup.sh after `npm ci`; the page and the standalone HTML export load
these local copies only. Versions come from package-lock.json, recorded in .stamp.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
                "dist/images/layers-2x.png", "dist/images/marker-icon.png",
                "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png"],
    "jquery": ["dist/jquery.min.js"],
    # the measuring tool: its Chinese and English builds (see resources/web/measure.js) and
    # every icon its stylesheet names, so nothing is fetched from elsewhere
    "leaflet-measure": ["dist/leaflet-measure.cn.js", "dist/leaflet-measure.en.js", "dist/leaflet-measure.css"]
    + [f"dist/assets/{n}{s}.png" for n in ("cancel", "check", "focus", "start", "trash", "rulers")
       for s in ("", "_@2X")],
}


def main() -> int:
    nm, out = ROOT / "node_modules", ROOT / "resources" / "web" / "vendor"
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    stamp = {}
    for pkg, files in FILES.items():
        version = lock[f"node_modules/{pkg}"]["version"]
        stamp[pkg] = version
        for rel in files:
            dst = out / pkg / rel.removeprefix("dist/")
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(nm / pkg / rel, dst)
    (out / ".stamp").write_text(json.dumps(stamp, indent=1) + "\n")
    print("vendored", ", ".join(f"{k} {v}" for k, v in stamp.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
