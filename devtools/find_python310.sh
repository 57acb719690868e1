#!/bin/sh
# Print a Python 3.10 interpreter for Rasa (which supports 3.8–3.10 only):
# $PYTHON310 if set, else pyenv's 3.10.x, else python3.10 on PATH.
ok() { [ -n "$1" ] && "$1" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; }
if ok "$PYTHON310"; then echo "$PYTHON310"; exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
  for v in 3.10.13 $(pyenv versions --bare 2>/dev/null | grep '^3\.10\.' | sort -r); do
    p="$(pyenv prefix "$v" 2>/dev/null)/bin/python3.10"
    if ok "$p"; then echo "$p"; exit 0; fi
  done
fi
for p in "$HOME/.pyenv/versions/3.10.13/bin/python3.10" "$(command -v python3.10 2>/dev/null)"; do
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "Python 3.10 not found: install it (pyenv install 3.10.13) or set PYTHON310=/path/to/python3.10" >&2
exit 1
