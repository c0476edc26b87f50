import { startTestApp } from './test/helpers/app.ts';
const t = await startTestApp({ seedIfEmpty: true, env: { LOG_LEVEL: 'error' } });
const r = await t.app.inject('/en/tell');
console.log(r.statusCode, r.headers['cache-control'], r.headers['content-security-policy']);
console.log(r.body.slice(0, 300));
const js = /src="(\/assets\/js\/tell[^"]+)"/.exec(r.body);
console.log(js?.[1]);
if (js) { const a = await t.app.inject(js[1]); console.log('js bytes', a.body.length); }
await t.close();
