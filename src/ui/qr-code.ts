// QR codes drawn on the server as SVG data URIs (nothing fetched from elsewhere): the second-factor
// enrolment and a petition's share block show them.
import QRCode from 'qrcode-svg';

export function qrDataUri(content: string): string {
  const svg = new QRCode({ content, join: true, container: 'svg-viewbox', padding: 2, ecl: 'M' }).svg();
  return 'data:image/svg+xml;base64,' + Buffer.from(svg).toString('base64');
}
