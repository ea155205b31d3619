// The ssh:// transport, as the docker CLI does it: every HTTP connection is a
// `docker system dial-stdio` command run over SSH, whose stdin/stdout is a byte pipe to the remote
// engine's socket. Unlike dockerode's own ssh support, SSH connections are kept and shared (one
// handshake, not one per request) and host keys are checked against known_hosts.
//
// sshd allows MaxSessions (default 10) channels per connection, and every running container holds
// a stats stream, so a single connection is not enough: the pool opens another connection when
// every open one is full, and learns a lower limit when a server refuses a channel.
import http from 'node:http';
import {Duplex} from 'node:stream';
import type {ClientChannel} from 'ssh2';
import type {SshEndpoint} from './connect.js';
import {sanitize} from '../format/sanitize.js';
import {connectionCodes} from './errors.js';
import {checkHostKey, fingerprint, hostKeyAlgorithms, keyTypeLabel, keyTypeOf} from './known-hosts.js';
import {authPlan, describePlan, loadSsh2, type Ssh2} from './ssh-auth.js';
import {sshSettings, type SshSettings} from './ssh-settings.js';
import {t} from '../i18n/translate.js';

const remoteCommand = 'docker system dial-stdio';
/** sshd's default MaxSessions. */
const defaultChannelLimit = 10;

/** An Error that errors.ts reports as "SSH to the Docker engine at ... failed: <message>". */
function sshFailure(message: string, level = 'client-ssh'): Error {
	return Object.assign(new Error(message), {level});
}

function hostKeyRefusal(settings: SshSettings, key: Buffer): Error | undefined {
	const verdict = checkHostKey(settings.knownHosts, settings.knownHostName, key);
	const shown = `${keyTypeLabel(keyTypeOf(key))} ${fingerprint(key)}`;
	switch (verdict.status) {
		case 'known': {
			return undefined;
		}
		case 'revoked': {
			return sshFailure(t('the host key of {target} ({shown}) is marked @revoked in {origin}; refusing to connect', {target: settings.target, shown, origin: verdict.origin}), 'client-host-key');
		}
		case 'changed': {
			return sshFailure(
				`WARNING: the host key of ${settings.target} has CHANGED (now ${shown}; the recorded key is at ${verdict.origin}). ` +
					'Someone could be intercepting the connection (man-in-the-middle), or the host key was replaced. ' +
					'Refusing to connect; if the change is expected, remove the old key (ssh-keygen -R) and add the new one after checking it.',
				'client-host-key',
			);
		}
		case 'unknown': {
			const others = verdict.otherTypes.length > 0 ? ` (keys of type ${verdict.otherTypes.join(', ')} are recorded for it, but the server did not offer them)` : '';
			return sshFailure(
				`the host key of ${settings.target} is not known (${shown})${others}; check it and add it to ${settings.knownHostsFile}, e.g. with ssh-keyscan -p ${settings.port} ${settings.hostName}`,
				'client-host-key',
			);
		}
	}
}

/** A failure of the SSH connection itself, in plain words. */
function connectFailure(error: Error & {level?: unknown; code?: unknown}, settings: SshSettings, auth: string): Error {
	if (error.level === 'client-authentication') {
		return sshFailure(t('the server at {target} refused to authenticate user "{user}": {auth}', {target: settings.target, user: settings.user, auth}), 'client-authentication');
	}
	if (error.level === 'client-timeout') {
		return sshFailure(t('no SSH answer from {target} within {seconds} s ({reason})', {target: settings.target, seconds: settings.readyTimeoutMs / 1000, reason: sanitize(error.message)}), 'client-timeout');
	}
	if (typeof error.code === 'string' && error.code in connectionCodes) {
		return sshFailure(t('cannot connect to {target}: {code} ({gloss})', {target: settings.target, code: error.code, gloss: connectionCodes[error.code]?.() ?? ''}), 'client-socket');
	}
	// Disconnect reasons come from the server: untrusted text.
	return sshFailure(t('{target}: {reason}', {target: settings.target, reason: sanitize(error.message)}));
}

/** What stopped `docker system dial-stdio` on the remote, from its exit code and error output. */
function remoteFailure(settings: SshSettings, code: number | null, signal: string | undefined, stderr: string): Error {
	const said = sanitize(stderr.trim().replace(/\s+/g, ' ').slice(0, 300));
	if (code === 127 || /command not found|not found|no such file/i.test(said)) {
		return sshFailure(
			said === ''
				? t('the remote user {user}@{target} has no docker CLI on its PATH ("{command}" could not be run); the remote needs the docker CLI installed and on the PATH of non-interactive SSH sessions', {user: settings.user, target: settings.target, command: remoteCommand})
				: t('the remote user {user}@{target} has no docker CLI on its PATH ("{command}" could not be run: {said}); the remote needs the docker CLI installed and on the PATH of non-interactive SSH sessions', {user: settings.user, target: settings.target, command: remoteCommand, said}),
			'client-remote-command',
		);
	}
	const values = {command: remoteCommand, target: settings.target};
	const how =
		code === null
			? signal === undefined
				? t('"{command}" on {target} was killed by a signal', values)
				: t('"{command}" on {target} was killed by {signal}', {...values, signal})
			: t('"{command}" on {target} exited with code {code}', {...values, code});
	return sshFailure(said === '' ? how : t('{failure}: {output}', {failure: how, output: said}), 'client-remote-command');
}

const httpStart = 'HTTP/';

/** The remote printed something else where the engine's answer belongs (a shell banner, nologin, a .bashrc echo). */
function notHttp(settings: SshSettings, output: Buffer): Error {
	const firstLine = sanitize(output.toString('utf8').split('\n', 1)[0]!.trim().slice(0, 200));
	return sshFailure(
		`"${remoteCommand}" on ${settings.target} printed "${firstLine}" where the engine's HTTP answer belongs; the account ${settings.user} must have a working shell whose startup files print nothing`,
		'client-remote-command',
	);
}

/**
 * A dial-stdio channel dressed as the socket an HTTP client expects. The end of the stream is held
 * back until the remote command's exit status is known, so a command that could not run is
 * reported as such rather than as "socket hang up".
 */
class ChannelSocket extends Duplex {
	readonly #channel: ClientChannel;
	timeout = 0;

	constructor(channel: ClientChannel, settings: SshSettings) {
		super({allowHalfOpen: true});
		this.#channel = channel;
		let stderr = '';
		let failure: Error | undefined;
		channel.stderr.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString('utf8')).slice(-2000);
		});
		// A connection's first bytes are always the engine's HTTP answer; anything else came from the remote shell.
		let head: Buffer | undefined = Buffer.alloc(0);
		channel.on('data', (chunk: Buffer) => {
			if (this.destroyed) {
				return;
			}
			if (head !== undefined) {
				head = Buffer.concat([head, chunk]);
				if (head.length < httpStart.length && httpStart.startsWith(head.toString('latin1'))) {
					return;
				}
				if (!head.toString('latin1').startsWith(httpStart)) {
					this.destroy(notHttp(settings, head));
					return;
				}
				[chunk, head] = [head, undefined];
			}
			if (!this.push(chunk)) {
				channel.pause();
			}
		});
		// Once the engine has answered, how dial-stdio ends says nothing about the exchange.
		channel.on('exit', (code: number | null, signal?: string) => {
			if (code !== 0 && head !== undefined) {
				failure = remoteFailure(settings, code, signal, stderr);
			}
		});
		channel.on('error', (error: Error) => this.destroy(error));
		channel.on('close', () => {
			if (failure) {
				this.destroy(failure);
				return;
			}
			this.push(null);
			// A socket nobody reads (idle in the agent's pool) would never see 'end': close it now.
			if (this.readableFlowing === true || this.readableLength > 0) {
				this.once('end', () => this.destroy());
			} else {
				this.destroy();
			}
		});
	}

	override _read(): void {
		this.#channel.resume();
	}

	override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.#channel.write(chunk, encoding, callback);
	}

	override _final(callback: (error?: Error | null) => void): void {
		this.#channel.end();
		callback();
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		this.#channel.close();
		callback(error);
	}

	// The socket methods the HTTP client and agent call. The SSH keep-alive watches the link, so
	// there is no idle timeout per channel (it would cut quiet event streams).
	setTimeout(timeout: number): this {
		this.timeout = timeout;
		return this;
	}

	setKeepAlive(): this {
		return this;
	}

	setNoDelay(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** One SSH connection and the number of channels it holds or is opening. */
class SshLink {
	readonly client: InstanceType<Ssh2['Client']>;
	readonly settings: SshSettings;
	readonly ready: Promise<void>;
	channels = 0;
	limit: number;
	closed = false;

	constructor(ssh2: Ssh2, settings: SshSettings, limit: number, onClose: (link: SshLink) => void) {
		this.client = new ssh2.Client();
		this.settings = settings;
		this.limit = limit;
		const plan = authPlan(ssh2, settings);
		let refusal: Error | undefined;
		this.ready = new Promise((resolve, reject) => {
			this.client.once('ready', resolve);
			this.client.on('error', (error: Error) => {
				this.closed = true;
				reject(refusal ?? connectFailure(error, settings, describePlan(plan)));
			});
		});
		// Not awaited by anyone while the link is idle.
		this.ready.catch(() => undefined);
		this.client.on('close', () => {
			this.closed = true;
			onClose(this);
		});
		this.client.connect({
			host: settings.hostName,
			port: settings.port,
			username: settings.user,
			authHandler: plan.methods,
			hostVerifier: (key: Buffer) => {
				refusal = hostKeyRefusal(settings, key);
				return refusal === undefined;
			},
			algorithms: {serverHostKey: hostKeyAlgorithms(settings.knownHosts, settings.knownHostName)},
			readyTimeout: settings.readyTimeoutMs,
			keepaliveInterval: settings.keepaliveIntervalMs,
			keepaliveCountMax: settings.keepaliveCountMax,
		});
	}

	exec(): Promise<ClientChannel> {
		return new Promise((resolve, reject) => {
			this.client.exec(remoteCommand, (error, channel) => (error ? reject(error) : resolve(channel)));
		});
	}

	close(): void {
		this.closed = true;
		this.client.end();
	}
}

/** The SSH connections of one engine endpoint, opened when needed and reopened after a drop. */
class SshPool {
	readonly #endpoint: SshEndpoint;
	readonly #links = new Set<SshLink>();
	/** What the server allows per connection, as far as we know. */
	#limit = defaultChannelLimit;
	#closed = false;

	constructor(endpoint: SshEndpoint) {
		this.#endpoint = endpoint;
	}

	#link(ssh2: Ssh2): SshLink {
		for (const link of this.#links) {
			if (!link.closed && link.channels < link.limit) {
				return link;
			}
		}
		// Settings are read for every new connection, so a key added to known_hosts counts at once.
		let settings: SshSettings;
		try {
			settings = sshSettings(this.#endpoint);
		} catch (error) {
			throw sshFailure((error as Error).message, 'client-config');
		}
		const link = new SshLink(ssh2, settings, this.#limit, closed => this.#links.delete(closed));
		this.#links.add(link);
		return link;
	}

	/** A new dial-stdio channel, as a socket. */
	async dial(): Promise<Duplex> {
		const ssh2 = await loadSsh2();
		for (let dropped = 0; ; ) {
			if (this.#closed) {
				throw sshFailure(t('the engine connection was closed'), 'client-closed');
			}
			const link = this.#link(ssh2);
			link.channels += 1;
			try {
				await link.ready;
			} catch (error) {
				link.channels -= 1;
				throw error;
			}
			let channel: ClientChannel;
			try {
				channel = await link.exec();
			} catch (error) {
				link.channels -= 1;
				// A refused channel on a busy connection is the server's session limit: remember it and use another connection.
				if ((error as {reason?: unknown}).reason !== undefined && link.channels > 0) {
					link.limit = link.channels;
					this.#limit = Math.min(this.#limit, link.channels);
					continue;
				}
				// The connection dropped before we noticed: open a new one (a few times, not forever).
				if (link.closed && dropped < 3) {
					dropped += 1;
					continue;
				}
				throw sshFailure(t('cannot run "{command}" on {target}: {reason}', {command: remoteCommand, target: link.settings.target, reason: (error as Error).message}), 'client-remote-command');
			}
			channel.once('close', () => this.#release(link));
			return new ChannelSocket(channel, link.settings);
		}
	}

	#release(link: SshLink): void {
		link.channels -= 1;
		// Keep one connection for the next request; close extra ones once they are idle.
		if (link.channels === 0 && [...this.#links].some(other => other !== link && !other.closed)) {
			link.close();
		}
	}

	close(): void {
		this.#closed = true;
		for (const link of this.#links) {
			link.close();
		}
		this.#links.clear();
	}
}

/**
 * The HTTP agent for an ssh:// engine. Idle connections are kept for reuse, but only a few: each
 * holds an SSH channel and a dial-stdio process on the remote.
 */
export class SshAgent extends http.Agent {
	readonly #pool: SshPool;

	constructor(endpoint: SshEndpoint) {
		super({keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 2});
		this.#pool = new SshPool(endpoint);
	}

	/** Called by the HTTP client for each new connection; the callback form lets the SSH set-up be asynchronous. */
	createConnection(_options: unknown, callback: (error: Error | null, socket?: Duplex) => void): undefined {
		this.#pool.dial().then(
			socket => callback(null, socket),
			(error: unknown) => callback(error as Error),
		);
		return undefined;
	}

	override destroy(): void {
		super.destroy();
		this.#pool.close();
	}
}
