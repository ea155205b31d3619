// Everything an ssh:// endpoint needs from the user's OpenSSH set-up, read the way ssh reads it:
// ~/.ssh/config then /etc/ssh/ssh_config, the agent, identity files and known_hosts files.
import {readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {SshEndpoint} from './connect.js';
import {knownHostName, parseKnownHosts, type KnownHostEntry} from './known-hosts.js';
import {
	configForHost,
	expandHostName,
	expandPath,
	parseSshConfig,
	wildcardMatch,
	type IncludeReader,
	type SshConfigLine,
	type TokenValues,
} from './ssh-config.js';

const systemConfigDirectory = '/etc/ssh';
const defaultKeyNames = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface SshSettings {
	hostName: string;
	port: number;
	user: string;
	/** "host:port", for messages. */
	target: string;
	/** The name the host key is recorded under in known_hosts (HostKeyAlias, `[host]:port`). */
	knownHostName: string;
	knownHosts: KnownHostEntry[];
	/** The user's known_hosts file, named in "add it to ..." advice. */
	knownHostsFile: string;
	/** Private key files to offer, in order; those that do not exist are left out. */
	identityFiles: string[];
	/** IdentitiesOnly: offer only the identity files' keys, also when they are in the agent. */
	identitiesOnly: boolean;
	agentSocket?: string;
	readyTimeoutMs: number;
	/** 0: no keep-alives. */
	keepaliveIntervalMs: number;
	keepaliveCountMax: number;
}

/** Reads a file, or undefined when it does not exist. */
function readOptional(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
			return undefined;
		}
		throw new Error(`cannot read ${file}: ${(error as Error).message}`);
	}
}

/** Include patterns: relative to ~/.ssh (or /etc/ssh), wildcards in the last part only, in name order like glob(3). */
function includeReader(baseDirectory: string, homeDir: string): IncludeReader {
	return pattern => {
		const expanded = pattern.startsWith('~/') ? path.join(homeDir, pattern.slice(2)) : pattern;
		const absolute = path.resolve(baseDirectory, expanded);
		const directory = path.dirname(absolute);
		const name = path.basename(absolute);
		let files = [absolute];
		if (/[*?]/.test(name)) {
			let entries: string[] = [];
			try {
				entries = readdirSync(directory);
			} catch {
				// A pattern that names no directory includes nothing, as in ssh.
			}
			files = entries
				.filter(entry => !entry.startsWith('.') && wildcardMatch(name, entry))
				.sort()
				.map(entry => path.join(directory, entry));
		}
		return files.flatMap(file => {
			const text = readOptional(file);
			return text === undefined ? [] : [{text, file}];
		});
	};
}

function configLines(homeDir: string): SshConfigLine[] {
	const sshDirectory = path.join(homeDir, '.ssh');
	const sources = [
		{file: path.join(sshDirectory, 'config'), base: sshDirectory},
		{file: path.join(systemConfigDirectory, 'ssh_config'), base: systemConfigDirectory},
	];
	return sources.flatMap(({file, base}) => {
		const text = readOptional(file);
		return text === undefined ? [] : parseSshConfig(text, file, includeReader(base, homeDir));
	});
}

function readable(file: string): boolean {
	try {
		readFileSync(file);
		return true;
	} catch {
		return false;
	}
}

function agentSocket(configured: string | undefined, fromEnvironment: string | undefined, expand: (value: string) => string): string | undefined {
	if (configured === undefined || configured === 'SSH_AUTH_SOCK') {
		return fromEnvironment;
	}
	if (configured.toLowerCase() === 'none') {
		return undefined;
	}
	if (configured.startsWith('$')) {
		const value = process.env[configured.slice(1)];
		return value === '' ? undefined : value;
	}
	return expand(configured);
}

/** Resolves an ssh:// endpoint against the user's OpenSSH configuration. */
export function sshSettings(endpoint: SshEndpoint): SshSettings {
	const homeDir = endpoint.homeDir ?? os.homedir();
	const alias = endpoint.host;
	const config = configForHost(configLines(homeDir), alias);
	if (config.unsupported) {
		throw new Error(config.unsupported);
	}
	// As with ssh, what the URL says wins over the config file.
	const hostName = config.hostName === undefined ? alias : expandHostName(config.hostName, alias);
	const port = endpoint.port ?? config.port ?? 22;
	const localUser = os.userInfo().username;
	const user = endpoint.username ?? config.user ?? localUser;
	const tokens: TokenValues = {host: hostName, alias, port, remoteUser: user, localUser, homeDir};
	const expand = (value: string): string => expandPath(value, tokens);

	const userKnownHosts = (config.userKnownHostsFiles ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).map(expand);
	const globalKnownHosts = (config.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']).map(expand);
	const knownHosts = [...userKnownHosts, ...globalKnownHosts]
		.filter(file => file.toLowerCase() !== 'none')
		.flatMap(file => {
			const text = readOptional(file);
			return text === undefined ? [] : parseKnownHosts(text, file);
		});

	// Named identity files replace the default ones, as in ssh.
	const identityFiles = (
		config.identityFiles.length > 0
			? config.identityFiles.map(expand)
			: defaultKeyNames.map(name => path.join(homeDir, '.ssh', name))
	).filter(file => readable(file));

	const keepaliveSeconds = config.serverAliveInterval ?? 15;
	return {
		hostName,
		port,
		user,
		target: `${hostName}:${port}`,
		// ssh looks a HostKeyAlias up as it is, without the port.
		knownHostName: config.hostKeyAlias ?? knownHostName(hostName, port),
		knownHosts,
		knownHostsFile: userKnownHosts[0] ?? path.join(homeDir, '.ssh', 'known_hosts'),
		identityFiles,
		identitiesOnly: config.identitiesOnly ?? false,
		agentSocket: agentSocket(config.identityAgent, endpoint.agentSocket, expand),
		readyTimeoutMs: (config.connectTimeout ?? 20) * 1000,
		keepaliveIntervalMs: keepaliveSeconds * 1000,
		keepaliveCountMax: config.serverAliveCountMax ?? 3,
	};
}
