#!/usr/bin/env bash
# Rebuild corpus/ from ../shared/seeds and ../shared/frameworks (how the bundled corpus was made).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
L=${LEDELSE:-.venv/bin/ledelse}
S=$SHARED/seeds
$L ingest "$S/000_cb2efffe1bf8e31d.txt" --id randers-debat --org randers --lang da --kind article \
  --year 2019 --title "Fremtidens ledere har et glimt i øjet" \
  --source "Randers Kommune, debatindlæg 07.03.2019 (seed 000_cb2efffe1bf8e31d.txt)" --replace
$L ingest "$S/001_22713cb3d805947a.txt" --id randers-konference --org randers --lang da --kind press \
  --year 2018 --title "Randers Kommune er frontløber for ny ledelsesudvikling" \
  --source "Randers Kommune, pressemeddelelse 15.08.2018 (seed 001_22713cb3d805947a.txt)" --replace
$L ingest "$S/002_4f4893a24ac6623e.txt" --id ks10 --org ks --lang nb --kind framework \
  --title "Å lede i det skapende spenningsfeltet – KS' policy for god ledelse" \
  --source "KS, presentasjon av KS' policy for god ledelse (seed 002_4f4893a24ac6623e.txt)" --replace
$L ingest "$S/003_aae85e558e2dc4cb.txt" --id kl11 --org kl --lang da --kind framework --year 2008 \
  --title "11 kodekspunkter for god ledelse i kommuner og regioner" \
  --source "KL / Væksthus for Ledelse, 24.04.2008 (seed 003_aae85e558e2dc4cb.txt)" --replace
$L ingest "$S/004_7eeff52e86151999.txt" --id gladsaxe --org gladsaxe --lang da --kind policy \
  --title "Ledelse udøves i relationer – ledelsesgrundlag" \
  --source "Gladsaxe Kommune, ledelsesgrundlag (seed 004_7eeff52e86151999.txt)" --replace
$L ingest "$SHARED/frameworks/ledelseskommissionen-2018.md" --id lk7 --org ledelseskommissionen \
  --lang da --kind framework --year 2018 \
  --title "Ledelseskommissionens syv overordnede anbefalinger (2018)" \
  --source "Ledelseskommissionen, juni 2018 (shared/frameworks/ledelseskommissionen-2018.md)" --replace
