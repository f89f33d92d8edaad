"""Put the faces64 gallery's real face photos into public/gallery/ and their entries into gallery.json.

    /usr/bin/python3 scripts/gallery_faces.py [--tar ../shared/data/utkface64/utkface64-val.tar]

The photos come from UTKFace's VALIDATION file only (never the training file): the images listed in FACES below,
by their tar member names, written as lossless PNG under new names (face-1.png ...), so no UTKFace file name
(age_gender_race_datetime.jpg) ships with the app. UTKFace allows the app's gallery at most 8 such images, with
its licence and attribution shown where they appear: each entry carries both, and the About box lists them.

The script is idempotent: it replaces the face-photo entries (kind "photo", model "faces64") and their files that
an earlier run wrote, and keeps every other gallery entry as it is. New entries go before the model samples.
"""
import argparse
import io
import json
import re
import tarfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "public" / "gallery"
DEFAULT_TAR = ROOT.parent / "shared" / "data" / "utkface64" / "utkface64-val.tar"

# Validation-file members (UTKFace labels: age_gender_race_datetime; gender 0 male, 1 female; race 0 white,
# 1 black, 2 Asian, 3 Indian, 4 other), chosen by eye: frontal, well lit, sharp, varied in age, gender and origin.
# The first is the app's default image; the lessons use the first two.
FACES = [
    "43_0_2_20170117140033069.jpg",
    "32_1_0_20170116220851784.jpg",
    "63_1_1_20170110120101291.jpg",
    "50_0_3_20170119204603807.jpg",
    "7_1_0_20170109193140411.jpg",
    "62_1_2_20170116191832323.jpg",
    "65_0_0_20170104185810566.jpg",
    "28_0_4_20170116183505479.jpg",
]
MAX_FACES = 8  # UTKFace's allowance for the app's gallery
MODEL = "faces64"
SIZE = 64
SOURCE = "UTKFace validation split (Zhang, Song & Qi 2017), 64×64; never used in training"
LICENCE = "UTKFace: non-commercial research and education only; photo copyright stays with its owner"
UTKFACE_NAME = re.compile(r"^\d+_\d_\d_\d+")


def is_face_photo(entry: dict) -> bool:
    return entry.get("kind") == "photo" and entry.get("model") == MODEL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tar", type=Path, default=DEFAULT_TAR, help="the UTKFace 64×64 validation tar")
    args = parser.parse_args()
    if "train" in args.tar.name:
        raise SystemExit(f"{args.tar} looks like the training file: the gallery takes validation images only")
    if len(FACES) > MAX_FACES:
        raise SystemExit(f"{len(FACES)} faces listed; UTKFace allows the gallery at most {MAX_FACES}")

    manifest = GALLERY / "gallery.json"
    entries = json.loads(manifest.read_text())
    for old in filter(is_face_photo, entries):
        (GALLERY / old["file"]).unlink(missing_ok=True)
    kept = [e for e in entries if not is_face_photo(e)]

    faces = []
    with tarfile.open(args.tar) as tar:
        for k, member in enumerate(FACES, start=1):
            image = Image.open(io.BytesIO(tar.extractfile(member).read())).convert("RGB")
            if image.size != (SIZE, SIZE):
                raise SystemExit(f"{member} is {image.size}, not {SIZE}×{SIZE}")
            file = f"face-{k}.png"
            assert not UTKFACE_NAME.match(file)
            image.save(GALLERY / file, optimize=True)
            faces.append({"id": f"face-{k}", "file": file, "title": f"Face photo {k} (UTKFace validation)",
                          "kind": "photo", "model": MODEL, "source": SOURCE, "licence": LICENCE})

    at = next((i for i, e in enumerate(kept) if e.get("kind") == "model-sample"), len(kept))
    manifest.write_text(json.dumps(kept[:at] + faces + kept[at:], indent=2, ensure_ascii=False) + "\n")
    print(f"{len(faces)} face photos from {args.tar.name} in {GALLERY}")


if __name__ == "__main__":
    main()
