// Ink lays out with Yoga, WebAssembly compiled as it loads. As an ES module, yoga-layout waits for
// that with a top-level await; berth's bundle is CommonJS, which has none, so the build has it
// export the wait as `loaded` (scripts/build.ts), and berth waits before its first layout.
import * as yoga from 'yoga-layout';

/** Resolves once Yoga can lay out: at once where yoga-layout waited as it loaded (tests, unbundled). */
export async function layoutEngineReady(): Promise<void> {
	await (yoga as {loaded?: Promise<void>}).loaded;
}
