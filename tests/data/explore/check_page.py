"""Drives explore.html in headless Chromium (Selenium, chromedriver) for
tests/explore.rs: loads the page, searches, switches to a topic, and prints
what it saw as one JSON object on stdout. The Rust test asserts on it.

usage: check_page.py PAGE SHOTS_DIR SEARCH [TOPIC_INDEX]
"""

import json
import os
import shutil
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

# Records any alert, confirm or prompt the page would open (a script that
# a hostile name managed to run would call one).
TRAP = """
window.__dialogs = [];
for (const f of ['alert', 'confirm', 'prompt']) {
  window[f] = function (m) { window.__dialogs.push(f + ':' + String(m)); };
}
"""

PANEL = """
const p = document.getElementById('panel');
const q = (s) => p.querySelector(s);
return {
  hidden: p.hidden,
  name: q('.name') ? q('.name').textContent : null,
  handle: q('.handle') ? q('.handle').textContent : null,
  text: p.textContent,
  topics: Array.from(p.querySelectorAll('table tr')).slice(1)
    .map((tr) => Array.from(tr.children).map((td) => td.textContent)),
  links: Array.from(p.querySelectorAll('a')).map((a) => a.getAttribute('href')),
};
"""

WHEEL = """
const c = document.getElementById('net'), r = c.getBoundingClientRect();
for (let i = 0; i < 5; i++) {
  c.dispatchEvent(new WheelEvent('wheel', {deltaY: -120, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true}));
}
"""

TOP = "return Array.from(document.querySelectorAll('#top20 li')).map((li) => li.textContent);"

# Pixels of the canvas that are not the white background.
INK = """
const c = document.getElementById('net');
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0;
for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) n++;
return [n, c.width * c.height];
"""


def tool(env, name):
    path = os.environ.get(env) or shutil.which(name)
    if not path:
        sys.exit(f"no {name}: install Debian's chromium and chromium-driver (.ci/run does) or set {env}")
    return path


def main():
    page, shots, search = sys.argv[1], sys.argv[2], sys.argv[3]
    topic = int(sys.argv[4]) if len(sys.argv) > 4 else None
    options = webdriver.ChromeOptions()
    options.binary_location = tool("DOLGRAPH_CHROMIUM", "chromium")
    profile = tempfile.mkdtemp(prefix="dolgraph-chromium-")
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        f"--user-data-dir={profile}",
    ]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=tool("DOLGRAPH_CHROMEDRIVER", "chromedriver")), options=options)
    out = {}
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
        url = "file://" + os.path.abspath(page)
        started = time.monotonic()
        driver.get(url)
        WebDriverWait(driver, 60, poll_frequency=0.05).until(
            lambda d: d.execute_script("return document.body && document.body.dataset.ready || null")
        )
        out["wall_ms"] = round((time.monotonic() - started) * 1000)
        out["ready_ms"] = int(driver.execute_script("return document.body.dataset.ready"))
        out["facts"] = driver.execute_script("return document.getElementById('facts').textContent")
        out["ink"] = driver.execute_script(INK)
        driver.save_screenshot(os.path.join(shots, "loaded.png"))
        out["top_before"] = driver.execute_script(TOP)
        out["frame_ms"] = int(driver.execute_script("return document.body.dataset.frame"))
        # Zoom in with the wheel: the frames drawn while moving, then the
        # full one once the view rests.
        driver.execute_script(WHEEL)
        time.sleep(0.5)
        out["moving_frame_ms"] = int(driver.execute_script("return document.body.dataset.movingFrame || -1"))
        out["rest_frame_ms"] = int(driver.execute_script("return document.body.dataset.frame"))

        box = driver.find_element("id", "q")
        box.send_keys(search)
        out["suggestions"] = driver.execute_script(
            "return Array.from(document.querySelectorAll('#suggest li')).map((li) => li.textContent);"
        )
        t = time.monotonic()
        box.send_keys(Keys.ENTER)
        WebDriverWait(driver, 10, poll_frequency=0.02).until(
            lambda d: not d.execute_script("return document.getElementById('panel').hidden")
        )
        out["search_ms"] = round((time.monotonic() - t) * 1000)
        out["panel"] = driver.execute_script(PANEL)
        driver.save_screenshot(os.path.join(shots, "search.png"))

        if topic is not None:
            select = Select(driver.find_element("id", "topic"))
            select.select_by_index(topic)
            out["topic"] = select.first_selected_option.text
            out["top_after"] = driver.execute_script(TOP)
            out["ink_topic"] = driver.execute_script(INK)
            driver.save_screenshot(os.path.join(shots, "topic.png"))

        out["dialogs"] = driver.execute_script("return window.__dialogs")
        try:
            out["dialogs"].append("native:" + driver.switch_to.alert.text)
        except NoAlertPresentException:
            pass
        out["elements"] = driver.execute_script(
            "return {img: document.querySelectorAll('img').length, script: document.querySelectorAll('script').length,"
            " iframe: document.querySelectorAll('iframe').length}"
        )
        out["console"] = [
            {"level": e["level"], "message": e["message"]}
            for e in driver.get_log("browser")
            if e["level"] in ("SEVERE", "WARNING")
        ]
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        out["requests"] = requests
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
