import {createContext, useContext} from 'react';
import type {ActionContext} from '../actions/types.js';

export const AppContext = createContext<ActionContext | undefined>(undefined);

export function useApp(): ActionContext {
	const ctx = useContext(AppContext);
	if (!ctx) {
		throw new Error('berth components must be rendered inside <App>');
	}

	return ctx;
}
