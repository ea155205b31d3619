// Imported first by the launcher (cli.ts), so that it runs before the bundle is loaded and allocates.
import {setFlagsFromString} from 'node:v8';

// V8's defaults trade memory for throughput: the young generation grows to 16 MB a half and the
// old one to several times what is live before a full collection. berth stays open for days and,
// once its screen is up, allocates a few MB a second of short-lived garbage, so over minutes its
// memory rose from 83 to 130 MB, none of it live. The young generation keeps its first size and
// the old one grows by a quarter over what is live: more, smaller collections, a flat footprint.
// Both flags are read when V8 resizes the heap, so they take effect set after start-up (checked
// on Node 20 with the soak, `npm run bench -- --soak`: the young generation stays at 1 MB a half).
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=25');
