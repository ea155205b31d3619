// Reading what the compose CLI prints. Pure: the tests feed these the outputs of Debian's v1 and
// the documented formats of v2.

/**
 * The version in `version --short` output ("2.29.7", "v2.29.7", "1.29.2") or in the long form
 * ("Docker Compose version v2.29.7", "docker-compose version 1.29.2, build unknown").
 */
export function parseComposeVersion(text: string): string | undefined {
	const match = /(?:^|\s)v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)(?=[\s,]|$)/.exec(text.trim());
	return match?.[1];
}

/** The major version number, 0 when unreadable. */
export function majorVersion(version: string): number {
	const major = Number.parseInt(version, 10);
	return Number.isNaN(major) ? 0 : major;
}

function lines(text: string): string[] {
	return text
		.split(/\r\n|\r|\n/)
		.map(line => line.trim())
		.filter(line => line !== '');
}

/**
 * `config --hash '*'`: one "service hash" line per service in both v1 (`'{} {}'.format(name, hash)`)
 * and v2 (`"%s %s\n"`, sorted by name). Anything else on stdout (a v2 warning) is not a hash line.
 */
export function parseServiceHashes(text: string): Map<string, string> {
	const hashes = new Map<string, string>();
	for (const line of lines(text)) {
		const match = /^(\S+)\s+([0-9a-f]{64})$/.exec(line);
		if (match?.[1] !== undefined && match[2] !== undefined) {
			hashes.set(match[1], match[2]);
		}
	}
	return hashes;
}

/** `config --services`: one name a line. */
export function parseServiceNames(text: string): string[] {
	return lines(text);
}

export interface ComposeStack {
	name: string;
	/** "running(2)", "exited(1), running(2)". */
	status: string;
	configFiles: string[];
}

/**
 * `docker compose ls --format json` (v2 only): an array of {Name, Status, ConfigFiles}, the files
 * comma-joined. v1 has no `ls`; berth groups by labels anyway, this is for checking against v2.
 */
export function parseComposeLs(text: string): ComposeStack[] {
	const trimmed = text.trim();
	// An array today; one object a line is accepted too, the form v2's `ps --format json` moved to.
	const parsed: unknown[] = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : lines(trimmed).map(line => JSON.parse(line) as unknown);
	if (!Array.isArray(parsed)) {
		throw new Error('compose ls did not print a JSON array');
	}
	return parsed.map((entry: unknown) => {
		const {Name, Status, ConfigFiles} = (entry ?? {}) as {Name?: unknown; Status?: unknown; ConfigFiles?: unknown};
		return {
			name: typeof Name === 'string' ? Name : '',
			status: typeof Status === 'string' ? Status : '',
			configFiles: typeof ConfigFiles === 'string' ? ConfigFiles.split(',').filter(file => file !== '') : [],
		};
	});
}

const errorStart = /^(ERROR|Error|error)\b/;

/**
 * The CLI's own account of a failure, from the end of its stderr: from the first "ERROR…"/"Error…"
 * line of the last few (v1 writes "ERROR: …", v2 "Error response from daemon: …"), else the last
 * three lines (v1 prints some messages, like an invalid file's, with no prefix).
 */
export function failureLines(stderrTail: readonly string[]): string[] {
	const recent = stderrTail.filter(line => line.trim() !== '').slice(-8);
	const first = recent.findIndex(line => errorStart.test(line.trim()));
	return first === -1 ? recent.slice(-3) : recent.slice(first);
}
