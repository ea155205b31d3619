// The parts of OpenSSH's client configuration (~/.ssh/config) that decide where and how berth
// connects to an ssh:// engine. Pure: files are read by the caller, which passes their text in.

/** One `Keyword value...` line; keywords are lower-cased, as ssh treats them case-insensitively. */
export interface SshConfigLine {
	keyword: string;
	args: string[];
	/** "file:line", for messages. */
	origin: string;
}

/** The options berth honours, as written for one host (first value wins, IdentityFile accumulates). */
export interface SshHostConfig {
	hostName?: string;
	user?: string;
	port?: number;
	identityFiles: string[];
	identitiesOnly?: boolean;
	identityAgent?: string;
	userKnownHostsFiles?: string[];
	globalKnownHostsFiles?: string[];
	hostKeyAlias?: string;
	/** Seconds. */
	connectTimeout?: number;
	/** Seconds; 0 turns keep-alives off. */
	serverAliveInterval?: number;
	serverAliveCountMax?: number;
	/** Set when the host must be reached through something berth cannot do (ProxyJump, ProxyCommand). */
	unsupported?: string;
}

/** Reads the text of an `Include`d pattern: [text, file name] for each file it names, in order. */
export type IncludeReader = (pattern: string) => Array<{text: string; file: string}>;

/** Splits the arguments of a line, honouring double quotes as ssh does. */
function splitArgs(text: string): string[] {
	const args: string[] = [];
	const pattern = /"([^"]*)"|(\S+)/g;
	for (const match of text.matchAll(pattern)) {
		args.push(match[1] ?? match[2] ?? '');
	}
	return args;
}

/** Parses config text into lines, with `Include`d files inlined where they appear. */
export function parseSshConfig(text: string, file: string, include?: IncludeReader, depth = 0): SshConfigLine[] {
	const lines: SshConfigLine[] = [];
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith('#')) {
			continue;
		}
		const match = /^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$/.exec(trimmed);
		if (!match) {
			continue;
		}
		const keyword = match[1]!.toLowerCase();
		const args = splitArgs(match[2]!);
		const origin = `${file}:${index + 1}`;
		// ssh refuses include loops by depth too.
		if (keyword === 'include' && include && depth < 16) {
			for (const pattern of args) {
				for (const included of include(pattern)) {
					lines.push(...parseSshConfig(included.text, included.file, include, depth + 1));
				}
			}
			continue;
		}
		lines.push({keyword, args, origin});
	}
	return lines;
}

/** ssh's wildcard match: `*` any run, `?` one character; host names compare case-insensitively. */
export function wildcardMatch(pattern: string, value: string): boolean {
	const source = [...pattern.toLowerCase()]
		.map(character => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
		.join('');
	return new RegExp(`^${source}$`, 's').test(value.toLowerCase());
}

/** A `Host` line's patterns: any positive one must match and no negated (`!`) one may. */
export function hostPatternsMatch(patterns: string[], host: string): boolean {
	let matched = false;
	for (const pattern of patterns) {
		if (pattern.startsWith('!')) {
			if (wildcardMatch(pattern.slice(1), host)) {
				return false;
			}
		} else if (wildcardMatch(pattern, host)) {
			matched = true;
		}
	}
	return matched;
}

function yesNo(line: SshConfigLine): boolean {
	const value = (line.args[0] ?? '').toLowerCase();
	if (value === 'yes' || value === 'true') {
		return true;
	}
	if (value === 'no' || value === 'false') {
		return false;
	}
	throw new Error(`${line.origin}: ${line.keyword} must be yes or no, not "${line.args[0] ?? ''}"`);
}

function whole(line: SshConfigLine, min: number, max: number): number {
	const text = line.args[0] ?? '';
	const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!(value >= min && value <= max)) {
		throw new Error(`${line.origin}: ${line.keyword} must be a whole number from ${min} to ${max}, not "${text}"`);
	}
	return value;
}

/**
 * The options that apply to `host` (the name as given, before HostName). Lines before the first
 * Host apply to every host; `Match all` is read as `Host *`; other Match blocks are not applied.
 */
export function configForHost(lines: SshConfigLine[], host: string): SshHostConfig {
	const config: SshHostConfig = {identityFiles: []};
	const seen = new Set<string>();
	let applies = true;
	for (const line of lines) {
		if (line.keyword === 'host') {
			applies = hostPatternsMatch(line.args, host);
			continue;
		}
		if (line.keyword === 'match') {
			applies = line.args.length === 1 && line.args[0]!.toLowerCase() === 'all';
			continue;
		}
		if (!applies || line.args.length === 0) {
			continue;
		}
		if (line.keyword === 'identityfile') {
			config.identityFiles.push(line.args[0]!);
			continue;
		}
		// Like ssh, the first value obtained for an option is the one used.
		if (seen.has(line.keyword)) {
			continue;
		}
		seen.add(line.keyword);
		applyOption(config, line);
	}
	return config;
}

function applyOption(config: SshHostConfig, line: SshConfigLine): void {
	const first = line.args[0]!;
	switch (line.keyword) {
		case 'hostname': {
			config.hostName = first;
			break;
		}
		case 'user': {
			config.user = first;
			break;
		}
		case 'port': {
			config.port = whole(line, 1, 65_535);
			break;
		}
		case 'identitiesonly': {
			config.identitiesOnly = yesNo(line);
			break;
		}
		case 'identityagent': {
			config.identityAgent = first;
			break;
		}
		case 'userknownhostsfile': {
			config.userKnownHostsFiles = line.args;
			break;
		}
		case 'globalknownhostsfile': {
			config.globalKnownHostsFiles = line.args;
			break;
		}
		case 'hostkeyalias': {
			config.hostKeyAlias = first;
			break;
		}
		case 'connecttimeout': {
			config.connectTimeout = whole(line, 1, 86_400);
			break;
		}
		case 'serveraliveinterval': {
			config.serverAliveInterval = whole(line, 0, 86_400);
			break;
		}
		case 'serveralivecountmax': {
			config.serverAliveCountMax = whole(line, 0, 1000);
			break;
		}
		case 'proxyjump':
		case 'proxycommand': {
			if (first.toLowerCase() !== 'none') {
				config.unsupported = `${line.origin} sets ${line.keyword === 'proxyjump' ? 'ProxyJump' : 'ProxyCommand'}, which berth does not support`;
			}
			break;
		}
		default: {
			break;
		}
	}
}

/** Values for ssh's `%` tokens. */
export interface TokenValues {
	/** %h: the remote host name (after HostName). */
	host: string;
	/** %n: the host name as given. */
	alias: string;
	/** %p */
	port: number;
	/** %r: the remote user. */
	remoteUser: string;
	/** %u: the local user. */
	localUser: string;
	/** %d: the local home directory; also what `~` stands for. */
	homeDir: string;
}

/** Expands a leading `~` and the `%` tokens ssh allows in file names (IdentityFile, UserKnownHostsFile). */
export function expandPath(value: string, tokens: TokenValues): string {
	const withHome = value === '~' ? tokens.homeDir : value.startsWith('~/') ? `${tokens.homeDir}${value.slice(1)}` : value;
	const table: Record<string, string> = {
		'%': '%',
		h: tokens.host,
		n: tokens.alias,
		p: String(tokens.port),
		r: tokens.remoteUser,
		u: tokens.localUser,
		d: tokens.homeDir,
	};
	return withHome.replace(/%(.)/g, (whole, token: string) => {
		const replacement = table[token];
		if (replacement === undefined) {
			throw new Error(`"${value}" uses %${token}, which berth does not expand`);
		}
		return replacement;
	});
}

/** HostName may name the given host with %h (e.g. `HostName %h.example.com`). */
export function expandHostName(value: string, alias: string): string {
	return value.replace(/%([%h])/g, (_, token: string) => (token === '%' ? '%' : alias));
}
