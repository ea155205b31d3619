// Which credentials an SSH connection offers, in ssh's order (agent, then identity files), and a
// plain account of them for the message when the server refuses them all.
import {readFileSync} from 'node:fs';
import type {AgentAuthMethod, IdentityCallback, ParsedKey, PublicKeyAuthMethod} from 'ssh2';
import type {SshSettings} from './ssh-settings.js';

export interface AuthPlan {
	methods: Array<AgentAuthMethod | PublicKeyAuthMethod>;
	/** What was offered, e.g. "the agent at /tmp/agent.sock", "/root/.ssh/id_ed25519". */
	offered: string[];
	/** Keys that could not be offered, with the reason. */
	skipped: string[];
}

/** The SSH client library: loaded on the first ssh:// connection, not at every start (it is large). */
export type Ssh2 = typeof import('ssh2');
let ssh2Module: Promise<Ssh2> | undefined;
export async function loadSsh2(): Promise<Ssh2> {
	ssh2Module ??= import('ssh2').then(loaded => (loaded as {default?: Ssh2}).default ?? loaded);
	return ssh2Module;
}

/** An agent that shows only the keys of the identity files (IdentitiesOnly with keys loaded in the agent). */
function identitiesOnlyAgent(ssh2: Ssh2, socketPath: string, allowed: Buffer[]): InstanceType<Ssh2['OpenSSHAgent']> {
	return new (class extends ssh2.OpenSSHAgent {
		override getIdentities(callback: IdentityCallback<ParsedKey>): void {
			super.getIdentities((error, keys) => {
				const shown = (key: unknown): boolean =>
					typeof (key as ParsedKey).getPublicSSH === 'function' && allowed.some(blob => blob.equals((key as ParsedKey).getPublicSSH()));
				callback(error, keys?.filter(key => shown(key)));
			});
		}
	})(socketPath);
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
	return Array.isArray(parsed) ? (parsed[0] ?? new Error('no key in the file')) : parsed;
}

/** The public half of an identity: from the private key, or from file.pub when the key is passphrase-protected. */
function publicBlob(ssh2: Ssh2, file: string, key: ParsedKey | Error): Buffer | undefined {
	if (!(key instanceof Error)) {
		return key.getPublicSSH();
	}
	try {
		const parsed = firstKey(ssh2.utils.parseKey(readFileSync(`${file}.pub`)));
		return parsed instanceof Error ? undefined : parsed.getPublicSSH();
	} catch {
		return undefined;
	}
}

export function authPlan(ssh2: Ssh2, settings: SshSettings): AuthPlan {
	const username = settings.user;
	const plan: AuthPlan = {methods: [], offered: [], skipped: []};
	const identities = settings.identityFiles.map(file => {
		let key: ParsedKey | Error;
		try {
			key = firstKey(ssh2.utils.parseKey(readFileSync(file)));
		} catch (error) {
			key = error as Error;
		}
		return {file, key};
	});

	if (settings.agentSocket !== undefined) {
		const agent = settings.identitiesOnly
			? identitiesOnlyAgent(
					ssh2,
					settings.agentSocket,
					identities.flatMap(({file, key}) => publicBlob(ssh2, file, key) ?? []),
				)
			: settings.agentSocket;
		plan.methods.push({type: 'agent', username, agent});
		plan.offered.push(`the agent at ${settings.agentSocket}${settings.identitiesOnly ? ' (identity files only)' : ''}`);
	}
	for (const {file, key} of identities) {
		if (key instanceof Error) {
			// No passphrase prompt in a full-screen UI: such keys are used through the agent.
			const encrypted = /passphrase|encrypted/i.test(key.message);
			plan.skipped.push(encrypted ? `${file} (passphrase-protected: add it to the agent with ssh-add)` : `${file} (${key.message})`);
			continue;
		}
		plan.methods.push({type: 'publickey', username, key});
		plan.offered.push(file);
	}
	return plan;
}

/** "tried ...; skipped ..." for the authentication failure message. */
export function describePlan(plan: AuthPlan): string {
	const parts: string[] = [];
	parts.push(
		plan.offered.length > 0
			? `tried ${plan.offered.join(', ')}`
			: 'there was nothing to offer: no agent (SSH_AUTH_SOCK is not set) and no key in ~/.ssh/id_ed25519, id_ecdsa or id_rsa, nor an IdentityFile in ~/.ssh/config',
	);
	if (plan.skipped.length > 0) {
		parts.push(`skipped ${plan.skipped.join(', ')}`);
	}
	return parts.join('; ');
}
