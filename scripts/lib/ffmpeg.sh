#!/usr/bin/env bash
# ffprobe (Debian's ffmpeg package) reads the duration of uploaded video statements; the tests also make their test
# videos with ffmpeg. Sourced by scripts/run and scripts/test:
#   ensure_ffmpeg    # installs Debian's ffmpeg with apt-get when ffprobe or ffmpeg is missing

_ffmpeg_log() { printf 'ffmpeg: %s\n' "$*" >&2; }

ensure_ffmpeg() {
  if command -v ffprobe >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1; then
    return 0
  fi
  local -a sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 ||
      { _ffmpeg_log "ERROR: ffprobe is missing and you are not root (no sudo either); install Debian's 'ffmpeg' package and retry"; return 1; }
    sudo=(sudo)
  fi
  _ffmpeg_log "ffprobe not found; installing Debian's ffmpeg with apt-get"
  # sudo resets the environment, so DEBIAN_FRONTEND goes through env.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || { _ffmpeg_log "ERROR: apt-get update failed"; return 1; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg >&2 ||
    { _ffmpeg_log "ERROR: apt-get install ffmpeg failed"; return 1; }
}
