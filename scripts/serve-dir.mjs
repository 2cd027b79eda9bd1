// A static file server for a built site folder, mounted at the site's path prefix, as a host
// would serve it (index.html for folders, the site's 404.html for what is missing); used by the
// browser gates (a11y.mjs, browser-test.mjs). Listens on a free loopback port.
//
//   const { origin, base, close } = await serveDir(root, base?)
//
// `base` is read from root/sitemap.xml when not given ("/" without a sitemap).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.json': 'application/json', '.xml': 'application/xml',
  '.csv': 'text/csv; charset=utf-8', '.pdf': 'application/pdf', '.mp4': 'video/mp4', '.webm': 'video/webm',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.jsonld': 'application/ld+json',
};

/** The site's path prefix ("/", "/digital/roadmap/"): `given`, else from root/sitemap.xml. */
export function sitePrefix(root, given) {
  let base = given;
  if (!base) {
    const sitemap = path.join(root, 'sitemap.xml');
    const loc = fs.existsSync(sitemap) && fs.readFileSync(sitemap, 'utf8').match(/<loc>([^<]*)<\/loc>/);
    base = loc ? new URL(loc[1].replaceAll('&amp;', '&'), 'http://localhost').pathname : '/';
  }
  return `/${base.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
}

/** Serves `root` under its path prefix; resolves to { origin, base, close }. */
export async function serveDir(root, given) {
  const base = sitePrefix(root, given);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    const send = (status, file) => {
      res.writeHead(status, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    };
    const notFound = () => {
      const p404 = path.join(root, '404.html');
      if (fs.existsSync(p404)) send(404, p404);
      else { res.writeHead(404); res.end('not found'); }
    };
    if (!rel.startsWith(base)) return notFound();
    rel = rel.slice(base.length);
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!url.pathname.endsWith('/')) { res.writeHead(301, { location: url.pathname + '/' }); return res.end(); }
      const index = path.join(file, 'index.html');
      return fs.existsSync(index) ? send(200, index) : notFound();
    }
    return stat?.isFile() ? send(200, file) : notFound();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, base, close: () => server.close() };
}
