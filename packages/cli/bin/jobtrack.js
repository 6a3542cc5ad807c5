#!/usr/bin/env -S node --conditions=source
// The repository runs its TypeScript directly (Node's type stripping); this launcher only gives it a command name.
import '../src/main.ts';
