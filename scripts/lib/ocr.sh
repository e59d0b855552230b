# The tools that read scanned notes verbales: pdftoppm (Debian's poppler-utils) renders their pages, tesseract
# (tesseract-ocr, with the language data of the six official languages of the United Nations) reads them.
# Source this file, do not execute it:
#
#   source scripts/lib/ocr.sh
#   ensure_ocr_tools                 # installs whatever is missing with apt-get (as root, or through sudo)
#   ensure_ocr_tools --test-fonts    # also DejaVu Sans (fonts-dejavu-core), which the tests write their scans with
#
# The API finds both on the PATH (Ocr__PdftoppmPath and Ocr__TesseractPath name others). Like postgres.sh, this file
# leaves the caller's shell options alone.

# Debian's language packages and the tesseract language each one provides.
_OCR_LANGUAGES=(eng fra spa rus ara chi_sim)

_ocr_log() { printf 'ocr: %s\n' "$*" >&2; }

# The Debian packages that are missing, one per line; $1 = --test-fonts adds the tests' font.
_ocr_missing_packages() {
  [[ "${1:-}" == --test-fonts && ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] && echo fonts-dejavu-core
  command -v pdftoppm >/dev/null 2>&1 || echo poppler-utils
  if ! command -v tesseract >/dev/null 2>&1; then
    echo tesseract-ocr
    local language
    for language in "${_OCR_LANGUAGES[@]}"; do echo "tesseract-ocr-${language//_/-}"; done
    return 0
  fi
  local installed language
  installed="$(tesseract --list-langs 2>/dev/null)"
  for language in "${_OCR_LANGUAGES[@]}"; do
    grep -qx "$language" <<<"$installed" || echo "tesseract-ocr-${language//_/-}"
  done
}

ensure_ocr_tools() {
  local -a missing sudo=()
  mapfile -t missing < <(_ocr_missing_packages "${1:-}")
  ((${#missing[@]} == 0)) && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 ||
      { _ocr_log "reading scanned notes needs Debian's ${missing[*]}; install them (apt-get install ${missing[*]}) and retry"; return 1; }
    sudo=(sudo)
  fi
  _ocr_log "installing Debian's ${missing[*]} (pdftoppm and tesseract read scanned notes verbales)"
  # sudo resets the environment, so DEBIAN_FRONTEND goes through env.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || { _ocr_log "apt-get update failed"; return 1; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { _ocr_log "apt-get install ${missing[*]} failed"; return 1; }
}
