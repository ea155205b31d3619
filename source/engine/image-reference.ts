// Image references as the engine's endpoints want them: the repository apart from the tag or
// digest. (The registry a reference lives on is credentials.ts's registryOf.)

export interface SplitReference {
	/** "127.0.0.1:5000/team/app", "busybox". */
	repository: string;
	/** "1.2", when the reference names a tag. */
	tag?: string;
	/** "sha256:…", when the reference names a digest. */
	digest?: string;
}

/** Splits `repo[:tag][@digest]`; a colon before the last slash is a registry port, not a tag. */
export function splitReference(reference: string): SplitReference {
	const at = reference.indexOf('@');
	const digest = at === -1 ? undefined : reference.slice(at + 1);
	const named = at === -1 ? reference : reference.slice(0, at);
	const colon = named.lastIndexOf(':');
	const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
	const repository = tag === undefined ? named : named.slice(0, colon);
	return {repository, ...(tag === undefined ? {} : {tag}), ...(digest === undefined ? {} : {digest})};
}
