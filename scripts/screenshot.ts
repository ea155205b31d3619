// Makes the pictures in media/ from a real run: a labelled scene on the local engine, the built
// berth in a 160x45 tmux terminal, the screen captured with its colours and drawn by headless
// Chromium. Usage: npm run build && tsx scripts/screenshot.ts [logs|run-form]
//   logs (default)  media/berth.png: a container's logs open
//   run-form        media/run-form.png: the run form, filled in, with one field still wrong
import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {paletteColor} from '../source/format/index.js';
import {lineCells} from '../source/ui/cells.js';
import {createTestContainer, removeTestObjects, requireEngine} from '../test/support/engine.js';
import {startTerminal} from '../test/support/terminal.js';

const execFileAsync = promisify(execFile);
const COLUMNS = 160;
const ROWS = 45;
const CELL = {width: 9, height: 18};

const NAMED: Readonly<Record<string, string>> = {
	black: '#1d1f21',
	red: '#cc6666',
	green: '#8cbf68',
	yellow: '#e0b84f',
	blue: '#6b9bd1',
	magenta: '#b294bb',
	cyan: '#6fc3c3',
	white: '#c5c8c6',
	blackBright: '#6f7275',
	redBright: '#ff7b7b',
	greenBright: '#a8e07c',
	yellowBright: '#ffd866',
	blueBright: '#8fbcff',
	magentaBright: '#d7b4ff',
	cyanBright: '#8ef0f0',
	whiteBright: '#ffffff',
};
const FOREGROUND = '#d8dadc';
const BACKGROUND = '#16181a';

function colour(parameters: number[]): string | undefined {
	const [kind, ...rest] = parameters;
	if (kind === 5) {
		const value = paletteColor(rest[0] ?? 0) ?? '';
		return NAMED[value] ?? value;
	}

	return kind === 2 ? `rgb(${rest.slice(0, 3).join(',')})` : undefined;
}

/** CSS for one cell style, as serialised by lineCells: flags, then colours. */
function css(style: string): string {
	const codes = style === '' ? [] : style.split(';').map(Number);
	let fg: string | undefined;
	let bg: string | undefined;
	const flags = new Set<number>();
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (code === 38 || code === 48) {
			const length = codes[index + 1] === 5 ? 2 : 4;
			const value = colour(codes.slice(index + 1, index + 1 + length));
			index += length;
			if (code === 38) {
				fg = value;
			} else {
				bg = value;
			}
		} else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
			fg = NAMED[paletteColor(code >= 90 ? code - 82 : code - 30) ?? ''];
		} else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
			bg = NAMED[paletteColor(code >= 100 ? code - 92 : code - 40) ?? ''];
		} else {
			flags.add(code);
		}
	}

	if (flags.has(7)) {
		[fg, bg] = [bg ?? BACKGROUND, fg ?? FOREGROUND];
	}

	const rules = [fg ? `color:${fg}` : '', bg ? `background:${bg}` : '', flags.has(1) ? 'font-weight:bold' : '', flags.has(2) ? 'opacity:.6' : '', flags.has(4) ? 'text-decoration:underline' : ''];
	return rules.filter(Boolean).join(';');
}

function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function html(screen: string): string {
	const rows = screen.split('\n').slice(0, ROWS).map(line =>
		lineCells(line)
			.map(cell => (cell.text === '' ? '' : `<span style="${css(cell.style)}">${escapeHtml(cell.text)}</span>`))
			.join(''),
	);
	return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:${BACKGROUND}}
pre{margin:0;padding:12px 14px;color:${FOREGROUND};font:15px/${CELL.height}px "DejaVu Sans Mono",monospace;white-space:pre}
</style><pre>${rows.join('\n')}</pre>`;
}

async function scene(): Promise<void> {
	const docker = await requireEngine();
	const loop = (body: string): string[] => ['sh', '-c', `trap "exit 0" TERM; i=0; while :; do i=$((i+1)); ${body}; sleep 1; done`];
	const shop = (service: string) => ({'com.docker.compose.project': 'shop', 'com.docker.compose.service': service});
	await createTestContainer(docker, {name: 'shop-web-1', labels: shop('web'), cmd: ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 80 & wait']});
	await createTestContainer(docker, {
		name: 'shop-api-1',
		labels: shop('api'),
		cmd: loop('echo "GET /orders/$i 200 $((i % 9 + 3))ms"; [ $((i % 4)) = 0 ] && printf "\\033[33mWARN\\033[0m slow query on orders ($((i * 7 % 300))ms)\\n" >&2'),
	});
	await createTestContainer(docker, {name: 'shop-db-1', labels: shop('db'), healthcheck: {Test: ['CMD', 'true'], Interval: 2_000_000_000}});
	await createTestContainer(docker, {name: 'metrics-agent', cmd: loop('echo "flushed $((i * 13 % 97)) series"')});
	await createTestContainer(docker, {name: 'nightly-backup', cmd: ['sh', '-c', 'echo backup done; exit 0']});
	await createTestContainer(docker, {name: 'migrate-2026-11', cmd: ['sh', '-c', 'echo "migration failed" >&2; exit 1']});
	await createTestContainer(docker, {name: 'redis-cache', cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 86400 & wait'], start: true});
}

type Shot = 'logs' | 'run-form';
const shot = (process.argv[2] ?? 'logs') as Shot;
const OUTPUTS: Readonly<Record<Shot, string>> = {logs: 'media/berth.png', 'run-form': 'media/run-form.png'};
if (!(shot in OUTPUTS)) {
	throw new Error(`usage: tsx scripts/screenshot.ts [${Object.keys(OUTPUTS).join('|')}]`);
}

const out = resolve(OUTPUTS[shot]);
const pause = async (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms));

/** Brings the screen to what the picture shows. */
async function stage(terminal: Awaited<ReturnType<typeof startTerminal>>): Promise<void> {
	await terminal.waitFor('shop-api-1', 15_000);
	if (shot === 'logs') {
		// Let the api log a while, select it, and show its logs.
		await pause(9000);
		await terminal.type('/');
		await terminal.type('shop-api');
		await terminal.sendKeys('Enter', 'Escape');
		await pause(1500);
		return;
	}

	// The image pane, the run form on the test image, a few fields filled and one still wrong.
	await terminal.type('2');
	await terminal.type('/');
	await terminal.type('berth-test/busybox');
	await terminal.sendKeys('Enter');
	await pause(500);
	await terminal.type('r');
	await terminal.type('shop-worker-2');
	await terminal.sendKeys('Tab');
	await terminal.type('sh -c "exec worker --queue orders"');
	await terminal.sendKeys('Tab', 'Tab');
	await terminal.type('127.0.0.1:8080:80');
	await terminal.sendKeys('Enter');
	await terminal.type('9090:abc');
	await terminal.sendKeys('Tab', 'Tab');
	await terminal.type('QUEUE=orders');
	await terminal.sendKeys('Enter');
	await terminal.type('LOG_LEVEL=info');
	await pause(800);
}

const docker = await requireEngine();
const work = await mkdtemp(join(tmpdir(), 'berth-shot-'));
try {
	await scene();
	const terminal = await startTerminal({
		cols: COLUMNS,
		rows: ROWS,
		// As a user runs it: the file's first lines start Node with berth's settings.
		command: [resolve('dist/cli.js')],
		env: {TERM: 'xterm-256color', COLORTERM: 'truecolor'},
	});
	try {
		await stage(terminal);
		const {stdout} = await execFileAsync('tmux', ['-L', terminal.server, 'capture-pane', '-p', '-e']);
		const page = join(work, 'screen.html');
		await writeFile(page, html(stdout));
		await execFileAsync('chromium', [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			`--user-data-dir=${join(work, 'profile')}`,
			'--hide-scrollbars',
			`--window-size=${COLUMNS * CELL.width + 28},${ROWS * CELL.height + 24}`,
			`--screenshot=${out}`,
			`file://${page}`,
		]);
		console.log(`wrote ${out}`);
	} finally {
		await terminal.kill();
	}
} finally {
	await removeTestObjects(docker);
	await rm(work, {recursive: true, force: true});
}
