// shaderlm never downloads a browser: tests launch the system Chromium (CHROME_PATH or /usr/bin/chromium).
module.exports = { skipDownload: true };
