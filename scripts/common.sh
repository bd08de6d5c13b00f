# Shared by the scripts in this folder (sourced, not run).

# Runs a command with its output kept out of sight unless it fails.
quiet() {
  local log status=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || status=$?
  [ $status -ne 0 ] && cat "$log"
  rm -f "$log"
  return $status
}

# Configures (once) and builds targets of one build folder:
#   build_dir DIR "CMAKE ARGS..." [TARGETS...]
build_dir() {
  local dir=$1 args=$2
  shift 2
  # shellcheck disable=SC2086  # $args holds several words on purpose
  quiet cmake -S . -B "$dir" -G Ninja $args && quiet ninja -C "$dir" -j2 "$@"
}
