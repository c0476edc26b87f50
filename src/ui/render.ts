import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export const renderDocument = (vnode: VNode): string => '<!doctype html>' + renderToString(vnode);
