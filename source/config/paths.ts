import {isAbsolute, join} from 'node:path';

export interface ConfigPathOptions {
	env: Readonly<Record<string, string | undefined>>;
	homeDir: string;
	/** The `--config PATH` flag, when given. */
	flag?: string;
}

/**
 * Where the config file is: the `--config` flag, else `$XDG_CONFIG_HOME/berth/config.yml`, else
 * `~/.config/berth/config.yml`. A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
 */
export function configPath({env, homeDir, flag}: ConfigPathOptions): string {
	if (flag !== undefined && flag !== '') {
		return flag;
	}
	const xdg = env['XDG_CONFIG_HOME'] ?? '';
	const base = xdg !== '' && isAbsolute(xdg) ? xdg : join(homeDir, '.config');
	return join(base, 'berth', 'config.yml');
}

/** The path as messages show it: the home directory written `~`. */
export function shownPath(path: string, homeDir: string): string {
	const home = homeDir.replace(/\/+$/, '');
	return home !== '' && (path === home || path.startsWith(`${home}/`)) ? `~${path.slice(home.length)}` : path;
}
