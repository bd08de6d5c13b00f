// The checks of tests/deploy/run.sh (which installs the npm packages and
// passes their directory as argv[2]). Run from the repository root.
//
//   schema   every manifest document against the Kubernetes OpenAPI schema
//            (kubernetes-models, Kubernetes 1.27; Knative's CRD schemas)
//   strict   no unknown fields anywhere (as `kubectl apply --validate=strict`):
//            the documents as object literals typed with the models'
//            TypeScript interfaces, through tsc's excess-property check
//   project  what petrel serve needs: probes, ports, labels, HPA target,
//            graceful shutdown, security, metrics, the admin token, app.toml
//   image    a lint of deploy/Containerfile against the repository
//   self     broken inputs that each validator must reject
import { createRequire } from "node:module";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const cache = path.resolve(process.argv[2] || ".");
const req = createRequire(path.join(cache, "package.json"));
const YAML = req("yaml");
const TOML = req("smol-toml");

// ---------------------------------------------------------------- reporting
let passed = 0, failed = 0, skipped = 0;
function check(name, fn) {
  let why;
  try {
    why = fn();
  } catch (e) {
    why = `threw ${e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : e}`;
  }
  if (why === undefined || why === null || why === true) {
    passed++;
    console.log(`PASS ${name}`);
  } else if (typeof why === "object" && why.skip) {
    skipped++;
    console.log(`SKIP ${name}: ${why.skip}`);
  } else {
    failed++;
    console.log(`FAIL ${name}: ${why === false ? "check failed" : why}`);
  }
}
// Collects problems; returns undefined (pass) or the joined list.
function problems(list) {
  return list.length ? list.join("; ") : undefined;
}
const skip = (why) => ({ skip: why });

// ---------------------------------------------------------------- inputs
const K8S_DIR = "deploy/k8s";
const KNATIVE = "deploy/knative/service.yaml";
const CONTAINERFILE = fs.existsSync("deploy/Containerfile") ? "deploy/Containerfile" : "deploy/Dockerfile";
const IGNOREFILE = `${CONTAINERFILE}.dockerignore`;
const APP_TOML = "examples/serve/app.toml";

// Parses a multi-document YAML file the way the Kubernetes client does
// (YAML 1.1 scalars, duplicate keys are errors). Throws with the reasons.
function loadYaml(file) {
  const text = fs.readFileSync(file, "utf8");
  const docs = YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true, prettyErrors: true });
  const out = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message.split("\n")[0]).join("; "));
    const v = d.toJS({ maxAliasCount: 100 });
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

// apiVersion|kind -> the model class and its TypeScript interface.
const KINDS = {
  "v1|Service": { mod: "kubernetes-models/v1/Service", cls: "Service", iface: "IService" },
  "v1|ConfigMap": { mod: "kubernetes-models/v1/ConfigMap", cls: "ConfigMap", iface: "IConfigMap" },
  "v1|Secret": { mod: "kubernetes-models/v1/Secret", cls: "Secret", iface: "ISecret" },
  "apps/v1|Deployment": { mod: "kubernetes-models/apps/v1/Deployment", cls: "Deployment", iface: "IDeployment" },
  "autoscaling/v2|HorizontalPodAutoscaler": {
    mod: "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler", cls: "HorizontalPodAutoscaler",
    iface: "IHorizontalPodAutoscaler" },
  "policy/v1|PodDisruptionBudget": {
    mod: "kubernetes-models/policy/v1/PodDisruptionBudget", cls: "PodDisruptionBudget", iface: "IPodDisruptionBudget" },
  "serving.knative.dev/v1|Service": {
    mod: "@kubernetes-models/knative/serving.knative.dev/v1/Service", cls: "Service", iface: "IService" },
};
const kindKey = (o) => `${o && o.apiVersion}|${o && o.kind}`;

// The schema check: undefined when valid, else the validator's message.
function schemaErrors(obj) {
  const k = KINDS[kindKey(obj)];
  if (!k) return `no schema known for apiVersion ${obj && obj.apiVersion}, kind ${obj && obj.kind}`;
  const Cls = req(k.mod)[k.cls];
  try {
    new Cls(obj).validate();
  } catch (e) {
    return String(e.message || e).slice(0, 400);
  }
  if (!obj.metadata || typeof obj.metadata.name !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(obj.metadata.name))
    return "metadata.name must be a DNS label";
  return undefined;
}

// The strict check, one tsc run for many documents: each becomes
// `const dN: Interface = <json>;` on its own line. Returns label -> errors.
function strictErrors(items) {
  const dir = fs.mkdtempSync(path.join(cache, "strict-"));
  try {
    const lines = [];
    const byLine = new Map();
    items.forEach(({ label, obj }, i) => {
      const k = KINDS[kindKey(obj)];
      if (!k) return;
      byLine.set(lines.length + 1, label);
      lines.push(`const d${i}: import(${JSON.stringify(k.mod)}).${k.iface} = ${JSON.stringify(obj)}; void d${i};`);
    });
    const file = path.join(dir, "manifests.ts");
    fs.writeFileSync(file, lines.join("\n") + "\nexport {};\n");
    const tsc = path.join(cache, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--pretty", "false",
      "--target", "es2020", "--module", "commonjs", "--moduleResolution", "node", file],
      { encoding: "utf8", timeout: 60000 });
    const out = new Map(items.map(({ label }) => [label, []]));
    const text = (r.stdout || "") + (r.stderr || "");
    for (const m of text.matchAll(/manifests\.ts\((\d+),\d+\): error (TS\d+: .*)/g)) {
      const label = byLine.get(Number(m[1]));
      (out.get(label) || out.set(label, []).get(label)).push(m[2].slice(0, 300));
    }
    if (r.status !== 0 && ![...out.values()].some((v) => v.length))
      throw new Error(`tsc failed without a located error: ${text.slice(0, 300) || r.error}`);
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- helpers
function parseQuantity(q) {
  if (typeof q === "number") return q;
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(q));
  if (!m) return NaN;
  const f = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return Number(m[1]) * (m[2] ? f[m[2]] : 1);
}
function parseDuration(d) {
  const m = /^([0-9.]+)(ms|s|m|h)$/.exec(String(d));
  if (!m) return NaN;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
}
const subsetOf = (small, big) =>
  small && big && Object.keys(small).length > 0 && Object.entries(small).every(([k, v]) => big[k] === v);
// A probe's or Service's port (number or name) -> the container port number.
function resolvePort(port, container) {
  if (port === undefined) return undefined;
  if (typeof port === "number") return port;
  const p = (container.ports || []).find((x) => x.name === port);
  return p ? p.containerPort : NaN;
}

// ---------------------------------------------------------------- Containerfile
// Instructions with continuation lines joined; stages with their steps.
function parseContainerfile(text) {
  const logical = [];
  let cur = "";
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (!cur && /^\s*#/.test(line)) continue;
    if (cur && /^\s*#/.test(line)) continue; // comments inside a continued RUN
    if (/\\\s*$/.test(line)) {
      cur += line.replace(/\\\s*$/, " ");
      continue;
    }
    cur += line;
    if (cur.trim()) logical.push(cur.trim());
    cur = "";
  }
  if (cur.trim()) logical.push(cur.trim());
  const stages = [];
  for (const l of logical) {
    const m = /^(\w+)\s*(.*)$/s.exec(l);
    const op = m[1].toUpperCase(), rest = m[2];
    if (op === "FROM") {
      const f = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(rest);
      stages.push({ image: f ? f[1] : rest, name: f && f[2] ? f[2] : String(stages.length), steps: [], workdir: "/" });
      continue;
    }
    if (!stages.length) {
      if (op !== "ARG") throw new Error(`${op} before the first FROM`);
      continue;
    }
    const st = stages[stages.length - 1];
    const step = { op, rest, workdir: st.workdir };
    if (op === "WORKDIR") st.workdir = path.posix.resolve(st.workdir, rest.trim());
    if (op === "COPY" || op === "ADD") {
      let words;
      const flags = {};
      let r = rest;
      for (;;) {
        const fm = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(r);
        if (!fm) break;
        flags[fm[1]] = fm[2] === undefined ? true : fm[2];
        r = r.slice(fm[0].length);
      }
      if (r.trim().startsWith("[")) words = JSON.parse(r);
      else words = r.trim().split(/\s+/);
      step.flags = flags;
      step.srcs = words.slice(0, -1);
      step.dest = words[words.length - 1];
    }
    if (op === "ENTRYPOINT" || op === "CMD") {
      try { step.json = JSON.parse(rest); } catch { step.json = null; }
    }
    st.steps.push(step);
  }
  return stages;
}

// .dockerignore semantics, enough for our file: patterns anchored at the
// context root, `*` within a segment, `**` across, a match excludes the path
// and everything under it, `!` re-includes.
function ignoreMatcher(text) {
  const rules = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).map((l) => {
    const neg = l.startsWith("!");
    let p = path.posix.normalize((neg ? l.slice(1) : l).replace(/^\/+/, ""));
    const re = new RegExp("^" + p.split(/(\*\*\/?|\*|\?)/).map((t) =>
      t === "**/" ? "(?:.*/)?" : t === "**" ? ".*" : t === "*" ? "[^/]*" : t === "?" ? "[^/]" :
        t.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join("") + "$");
    return { neg, re };
  });
  return (rel) => {
    const parts = rel.split("/");
    let ignored = false;
    for (const { neg, re } of rules) {
      for (let i = 1; i <= parts.length; i++) {
        if (re.test(parts.slice(0, i).join("/"))) { ignored = !neg; break; }
      }
    }
    return ignored;
  };
}

// Files a context COPY source names, relative to the repository root.
function contextMatches(src) {
  const s = path.posix.normalize(src.replace(/^\.\//, ""));
  if (s === ".") return ["."];
  if (!/[*?[]/.test(s)) return fs.existsSync(s) ? [s] : [];
  const re = new RegExp("^" + s.split(/(\*|\?)/).map((t) => t === "*" ? "[^/]*" : t === "?" ? "[^/]" :
    t.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join("") + "$");
  const dir = path.posix.dirname(s);
  if (/[*?]/.test(dir) || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => path.posix.join(dir, f)).filter((f) => re.test(f));
}

// Lints a Containerfile text; returns the list of problems. `opts.app` is
// the parsed app.toml (or null).
const REQUIRED_BUILD_PACKAGES = ["cmake", "ninja-build", "g++", "libcli11-dev", "libboost1.81-dev",
  "libtomlplusplus-dev", "nlohmann-json3-dev", "clang", "wasi-libc", "libclang-rt-14-dev-wasm32"];
function lintContainerfile(text, ignoreText) {
  const bad = [];
  const stages = parseContainerfile(text);
  if (stages.length < 2) return [`${stages.length} stage(s): want a multi-stage build`];
  const first = stages[0], last = stages[stages.length - 1];
  if (first.image !== "debian:12") bad.push(`first stage is FROM ${first.image}, want debian:12`);
  const runText = (st) => st.steps.filter((s) => s.op === "RUN").map((s) => s.rest).join("\n");
  const fr = runText(first);
  const installed = new Set((fr.match(/apt-get install[^&;|]*/g) || []).join(" ").split(/\s+/));
  const wantPkgs = [...REQUIRED_BUILD_PACKAGES];
  for (const c of fs.existsSync("examples/serve") ? fs.readdirSync("examples/serve").filter((f) => f.endsWith(".c")) : [])
    if (/#include\s*<stb\//.test(fs.readFileSync(`examples/serve/${c}`, "utf8"))) wantPkgs.push("libstb-dev");
  for (const p of new Set(wantPkgs)) if (!installed.has(p)) bad.push(`build stage does not apt-get install ${p}`);
  const cmakeFlags = ["-S .", "-B build", "-G Ninja", "-DCMAKE_BUILD_TYPE=Release", "-DPETREL_TESTS=OFF", "-DPETREL_STATIC_CLI=ON"];
  const configure = (fr.match(/cmake -S[^&;|]*/) || [""])[0];
  for (const f of cmakeFlags) if (!configure.includes(f)) bad.push(`cmake configure lacks ${f}`);
  if (!/cmake --build build --target petrel\b/.test(fr)) bad.push("build stage does not build target petrel into build/");
  if (!/clang --target=wasm32-wasi -O2 -I sdk\/wagi/.test(fr)) bad.push("guests are not built with clang --target=wasm32-wasi -O2 -I sdk/wagi");
  if (!/examples\/serve\/\*\.c/.test(fr)) bad.push("build stage does not build examples/serve/*.c");
  if (!/petrel serve --check \S*app\.toml/.test(fr)) bad.push("build stage does not load the app with `petrel serve --check`");

  // The final stage: minimal, no shell, non-root, the contract's command line.
  if (!(last.image === "scratch" || /^gcr\.io\/distroless\/static(-debian\d+)?(:[\w.-]+)?(@sha256:[0-9a-f]+)?$/.test(last.image)))
    bad.push(`final stage FROM ${last.image}: want scratch or gcr.io/distroless/static-debian12`);
  if (last.steps.some((s) => s.op === "RUN")) bad.push("final stage has RUN (no shell there)");
  const users = last.steps.filter((s) => s.op === "USER");
  const user = users.length ? users[users.length - 1].rest.trim() : "";
  const uid = user.split(":")[0];
  if (!/^\d+$/.test(uid) || uid === "0") bad.push(`final USER ${JSON.stringify(user)}: want a numeric non-root uid (runAsNonRoot needs a number)`);
  const expose = last.steps.filter((s) => s.op === "EXPOSE").flatMap((s) => s.rest.trim().split(/\s+/));
  if (!expose.includes("8080") && !expose.includes("8080/tcp")) bad.push(`EXPOSE ${expose.join(" ") || "(none)"}: want 8080`);
  const ep = last.steps.filter((s) => s.op === "ENTRYPOINT").pop();
  const want = ["/petrel", "serve", "--listen", "0.0.0.0:8080"];
  if (!ep || JSON.stringify(ep.json) !== JSON.stringify(want))
    bad.push(`ENTRYPOINT ${ep ? ep.rest : "(none)"}: want ${JSON.stringify(want)} (exec form)`);
  const cmd = last.steps.filter((s) => s.op === "CMD").pop();
  if (!cmd || JSON.stringify(cmd.json) !== JSON.stringify(["/app/app.toml"]))
    bad.push(`CMD ${cmd ? cmd.rest : "(none)"}: want ["/app/app.toml"]`);

  // COPY sources: from the context (exists, not ignored) or produced by an
  // earlier stage (the path, or its WORKDIR-relative form, appears in that
  // stage's RUN commands).
  const ignored = ignoreMatcher(ignoreText || "");
  stages.forEach((st, si) => {
    for (const s of st.steps.filter((x) => x.op === "COPY" || x.op === "ADD")) {
      if (s.op === "ADD") bad.push(`stage ${st.name}: ADD (use COPY)`);
      const from = s.flags.from;
      for (const src of s.srcs) {
        if (from === undefined) {
          const hits = contextMatches(src);
          if (!hits.length) bad.push(`stage ${st.name}: COPY source ${src} does not exist in the repository`);
          else if (hits.every((h) => h !== "." && ignored(h))) bad.push(`stage ${st.name}: COPY source ${src} is excluded by ${IGNOREFILE}`);
          continue;
        }
        const fi = stages.findIndex((x) => x.name === from);
        if (fi < 0 || fi >= si) { bad.push(`stage ${st.name}: COPY --from=${from}: no earlier stage of that name`); continue; }
        const src0 = stages[fi];
        const rt = runText(src0);
        const wd = src0.steps.map((x) => x.workdir).pop() || "/";
        const rel = src.startsWith(wd + "/") ? src.slice(wd.length + 1) : null;
        const mentioned = (p) => new RegExp(`(^|[\\s"'=])${p.replace(/[.+^${}()|[\]\\*?]/g, "\\$&")}(?=$|[\\s"'/;&|])`, "m").test(rt);
        if (!mentioned(src) && !(rel && mentioned(rel)))
          bad.push(`stage ${st.name}: COPY --from=${from} ${src}: not produced by a RUN of stage ${from}`);
      }
    }
  });
  // /petrel comes from the CMake build: build/petrel, since CMakeLists.txt
  // puts the executable at the top of the build tree.
  const petrelCopy = last.steps.find((s) => s.op === "COPY" && s.dest === "/petrel");
  if (!petrelCopy) bad.push("final stage does not COPY the ENTRYPOINT binary to /petrel");
  else {
    const fi = stages.findIndex((x) => x.name === petrelCopy.flags.from);
    const wd = fi >= 0 ? (stages[fi].steps.map((x) => x.workdir).pop() || "/") : "";
    if (fi < 0 || petrelCopy.srcs[0] !== path.posix.join(wd, "build/petrel"))
      bad.push(`/petrel is copied from ${petrelCopy.srcs[0]}, not from <WORKDIR>/build/petrel of the build stage`);
    const cm = fs.readFileSync("CMakeLists.txt", "utf8");
    if (!/set_target_properties\(petrel PROPERTIES RUNTIME_OUTPUT_DIRECTORY \$\{CMAKE_BINARY_DIR\}\)/.test(cm))
      bad.push("CMakeLists.txt no longer puts petrel at the top of the build tree (build/petrel)");
  }
  return bad;
}

// Paths in the final image: dest -> {from, srcs, chown}, for the checks
// that tie the manifests to the image.
function finalImage(text) {
  const stages = parseContainerfile(text);
  const last = stages[stages.length - 1];
  const copies = last.steps.filter((s) => s.op === "COPY").map((s) => ({ dest: s.dest, srcs: s.srcs, chown: s.flags.chown, from: s.flags.from }));
  const user = (last.steps.filter((s) => s.op === "USER").pop() || { rest: "" }).rest.trim();
  const provides = (p) => copies.some((c) => c.dest === p || p.startsWith(c.dest.replace(/\/?$/, "/")));
  return { stages, copies, user, uid: Number(user.split(":")[0]), provides };
}

// ---------------------------------------------------------------- project checks
// Each returns a list of problems for one object (so the self-checks can run
// them on broken copies).
function podChecks(label, podSpec, meta, opts) {
  const bad = [];
  const cs = podSpec.containers || [];
  const c = cs.find((x) => x.name === "petrel") || cs[0];
  if (!c) return [`${label}: no container`];
  const port = (c.ports || [])[0];
  if (!port || port.containerPort !== 8080) bad.push(`${label}: container port ${port && port.containerPort}, want 8080 (the image's --listen)`);
  // `--admin-listen ADDR:PORT` in the args: petrel serves its own endpoints
  // there on a thread of their own, so liveness (and metrics) may use that
  // port, which must then be declared. Readiness stays on the serving port.
  const ai = (c.args || []).indexOf("--admin-listen");
  const adminPort = ai >= 0 ? Number(String((c.args || [])[ai + 1] || "").split(":").pop()) : undefined;
  if (adminPort !== undefined && !(c.ports || []).some((x) => x.containerPort === adminPort))
    bad.push(`${label}: --admin-listen port ${adminPort} is not a declared container port`);
  const probes = { livenessProbe: "/_petrel/health", readinessProbe: "/_petrel/ready" };
  if (c.startupProbe) probes.startupProbe = "/_petrel/health";
  for (const [k, want] of Object.entries(probes)) {
    const p = c[k];
    if (!p || !p.httpGet) { bad.push(`${label}: no httpGet ${k}`); continue; }
    if (p.httpGet.path !== want) bad.push(`${label}: ${k} path ${p.httpGet.path}, want ${want}`);
    const rp = resolvePort(p.httpGet.port, c);
    const allowed = k === "readinessProbe" || adminPort === undefined ? [8080] : [8080, adminPort];
    if (opts.knative ? !(rp === undefined || rp === 8080) : !allowed.includes(rp))
      bad.push(`${label}: ${k} port ${p.httpGet.port} is not the container port ${allowed.join(" or ")}`);
    if (p.httpGet.scheme && p.httpGet.scheme !== "HTTP") bad.push(`${label}: ${k} scheme ${p.httpGet.scheme}`);
  }
  const res = c.resources || {};
  for (const r of ["cpu", "memory"]) {
    const rq = res.requests && res.requests[r], lm = res.limits && res.limits[r];
    if (rq === undefined) bad.push(`${label}: no requests.${r}`);
    if (lm === undefined) bad.push(`${label}: no limits.${r}`);
    if (rq !== undefined && lm !== undefined && !(parseQuantity(lm) >= parseQuantity(rq)))
      bad.push(`${label}: limits.${r} ${lm} below requests.${r} ${rq}`);
  }
  const sc = c.securityContext || {}, psc = podSpec.securityContext || {};
  if (sc.readOnlyRootFilesystem !== true) bad.push(`${label}: readOnlyRootFilesystem is not true`);
  if (sc.runAsNonRoot !== true && psc.runAsNonRoot !== true) bad.push(`${label}: runAsNonRoot is not true`);
  if (sc.allowPrivilegeEscalation !== false) bad.push(`${label}: allowPrivilegeEscalation is not false`);
  if (!(sc.capabilities && (sc.capabilities.drop || []).includes("ALL"))) bad.push(`${label}: capabilities do not drop ALL`);
  const uid = sc.runAsUser ?? psc.runAsUser;
  if (uid !== undefined && opts.image && uid !== opts.image.uid) bad.push(`${label}: runAsUser ${uid} but the image's USER is ${opts.image.user}`);
  const tok = (c.env || []).find((e) => e.name === "PETREL_ADMIN_TOKEN");
  if (!tok || !(tok.valueFrom && tok.valueFrom.secretKeyRef && tok.valueFrom.secretKeyRef.name && tok.valueFrom.secretKeyRef.key))
    bad.push(`${label}: PETREL_ADMIN_TOKEN does not come from a Secret (env valueFrom.secretKeyRef)`);
  else if (tok.value !== undefined) bad.push(`${label}: PETREL_ADMIN_TOKEN has a literal value`);
  const ann = (meta && meta.annotations) || {};
  if (ann["prometheus.io/scrape"] !== "true") bad.push(`${label}: pod annotation prometheus.io/scrape is not "true"`);
  if (ann["prometheus.io/path"] !== "/metrics") bad.push(`${label}: prometheus.io/path is not /metrics`);
  if (ann["prometheus.io/port"] !== String(port && port.containerPort) && ann["prometheus.io/port"] !== String(adminPort))
    bad.push(`${label}: prometheus.io/port ${ann["prometheus.io/port"]} is neither the container port nor the admin port`);
  // The command line: the image's ENTRYPOINT plus these args, ending in the config.
  const args = c.args || [];
  if (c.command) bad.push(`${label}: container sets command (overrides the image's ENTRYPOINT)`);
  if (args.length && args[args.length - 1] !== "/app/app.toml") bad.push(`${label}: args end in ${args[args.length - 1]}, not /app/app.toml`);
  const wi = args.indexOf("--workers");
  if (wi >= 0) {
    const w = args[wi + 1] || "";
    const cpu = Math.ceil(parseQuantity(res.limits && res.limits.cpu));
    const vm = /^\$\((\w+)\)$/.exec(w);
    if (vm) {
      const e = (c.env || []).find((x) => x.name === vm[1]);
      const rf = e && e.valueFrom && e.valueFrom.resourceFieldRef;
      if (!rf || rf.resource !== "limits.cpu" || (rf.containerName && rf.containerName !== c.name))
        bad.push(`${label}: --workers ${w} is not the container's limits.cpu`);
    } else if (Number(w) !== cpu) bad.push(`${label}: --workers ${w} but limits.cpu rounds up to ${cpu}`);
  }
  // Memory: one instance per worker at the largest route's max_memory.
  const workers = Math.ceil(parseQuantity(res.limits && res.limits.cpu)) || 1;
  const mem = parseQuantity(res.limits && res.limits.memory);
  if (opts.maxRouteMemory && !(mem >= workers * opts.maxRouteMemory))
    bad.push(`${label}: limits.memory ${res.limits && res.limits.memory} holds fewer than ${workers} instance(s) at the largest max_memory`);
  // Writable dirs of app.toml: a writable volume at /app/HOST each.
  for (const host of opts.writable || []) {
    const want = path.posix.join("/app", host);
    const m = (c.volumeMounts || []).find((v) => v.mountPath === want);
    const vol = m && (podSpec.volumes || []).find((v) => v.name === m.name);
    if (!m || m.readOnly) bad.push(`${label}: app.toml's writable dir ${host} has no writable mount at ${want}`);
    else if (!vol || !vol.emptyDir) bad.push(`${label}: the mount at ${want} is not an emptyDir`);
  }
  return bad;
}

function deploymentChecks(dep, ctx) {
  const bad = [];
  const spec = dep.spec || {};
  const tpl = spec.template || {};
  const labels = (tpl.metadata && tpl.metadata.labels) || {};
  if (!subsetOf(spec.selector && spec.selector.matchLabels, labels)) bad.push("Deployment selector does not select its pod labels");
  if (spec.replicas !== undefined && ctx.hpa) bad.push("Deployment sets replicas although an HPA scales it (apply would reset the count)");
  const ps = tpl.spec || {};
  bad.push(...podChecks("Deployment", ps, tpl.metadata, ctx));
  const c = (ps.containers || [])[0] || {};
  // Graceful shutdown: preStop sleeps through endpoint removal, then SIGTERM;
  // the grace period covers that plus the longest route timeout.
  const pre = c.lifecycle && c.lifecycle.preStop;
  const cmd = pre && pre.exec && pre.exec.command;
  let sleep = 0;
  if (!cmd) bad.push("Deployment: no preStop exec hook");
  else if (cmd[0] !== "/petrel" || cmd[1] !== "run" || !/^\d+$/.test(cmd[3] || "")) bad.push(`preStop ${JSON.stringify(cmd)}: want ["/petrel","run",SLEEPER,SECONDS]`);
  else {
    sleep = Number(cmd[3]);
    if (ctx.image && !ctx.image.provides(cmd[2])) bad.push(`preStop runs ${cmd[2]}, which the image does not contain`);
  }
  const grace = ps.terminationGracePeriodSeconds;
  const need = sleep + ctx.drainTimeout + 5;
  if (!(grace >= need))
    bad.push(`terminationGracePeriodSeconds ${grace} < preStop ${sleep} s + drain_timeout ${ctx.drainTimeout} s + 5 s`);
  return bad;
}

function knativeChecks(ks, ctx) {
  const bad = [];
  const tpl = (ks.spec && ks.spec.template) || {};
  const ps = tpl.spec || {};
  bad.push(...podChecks("Knative", ps, tpl.metadata, { ...ctx, knative: true }));
  const c = (ps.containers || [])[0] || {};
  const pn = ((c.ports || [])[0] || {}).name;
  if (pn !== undefined && pn !== "http1" && pn !== "h2c") bad.push(`Knative port name ${pn}: want http1 or h2c`);
  if (c.lifecycle) bad.push("Knative rejects container lifecycle hooks");
  if (ps.terminationGracePeriodSeconds !== undefined) bad.push("Knative rejects terminationGracePeriodSeconds");
  const cc = ps.containerConcurrency;
  if (!(Number.isInteger(cc) && cc > 0)) bad.push(`containerConcurrency ${cc}: want a positive limit`);
  else if (ctx.minRouteConcurrency && cc > ctx.minRouteConcurrency)
    bad.push(`containerConcurrency ${cc} above a route's max_concurrency ${ctx.minRouteConcurrency} (petrel would answer 503 where Knative could queue)`);
  const reqTime = ctx.bodyTimeout + ctx.maxRouteTimeout;
  if (!(ps.timeoutSeconds >= reqTime)) bad.push(`timeoutSeconds ${ps.timeoutSeconds} below body_timeout + the longest route timeout (${reqTime} s)`);
  const a = (tpl.metadata && tpl.metadata.annotations) || {};
  const K = "autoscaling.knative.dev/";
  const known = ["class", "metric", "target", "target-utilization-percentage", "min-scale", "max-scale", "initial-scale",
    "window", "panic-window-percentage", "panic-threshold-percentage", "scale-down-delay", "activation-scale",
    "scale-to-zero-pod-retention-period", "max-scale-up-rate", "max-scale-down-rate"];
  for (const k of Object.keys(a).filter((k) => k.startsWith(K))) if (!known.includes(k.slice(K.length))) bad.push(`unknown annotation ${k}`);
  for (const k of Object.keys(ks.metadata.annotations || {}).filter((k) => k.startsWith(K))) bad.push(`${k} on the Service's metadata, not the revision template (ignored there)`);
  if (!["kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev", undefined].includes(a[K + "class"])) bad.push(`autoscaling class ${a[K + "class"]}`);
  if (!["concurrency", "rps", "cpu", "memory", undefined].includes(a[K + "metric"])) bad.push(`autoscaling metric ${a[K + "metric"]}`);
  if (a[K + "class"] !== "hpa.autoscaling.knative.dev" && ["cpu", "memory"].includes(a[K + "metric"])) bad.push("metric cpu/memory needs the hpa class");
  for (const k of ["target", "target-utilization-percentage", "min-scale", "max-scale"])
    if (a[K + k] !== undefined && !/^\d+(\.\d+)?$/.test(a[K + k])) bad.push(`${K}${k} ${JSON.stringify(a[K + k])} is not a number`);
  if (a[K + "target"] !== undefined && Number.isInteger(cc) && cc > 0 && !(Number(a[K + "target"]) <= cc))
    bad.push(`target ${a[K + "target"]} above containerConcurrency ${cc}`);
  if (a[K + "min-scale"] === undefined || a[K + "max-scale"] === undefined) bad.push("min-scale and max-scale are not both set");
  else if (!(Number(a[K + "min-scale"]) <= Number(a[K + "max-scale"]))) bad.push("min-scale above max-scale");
  if (a[K + "window"] !== undefined && !(parseDuration(a[K + "window"]) >= 6 && parseDuration(a[K + "window"]) <= 3600)) bad.push(`window ${a[K + "window"]} outside 6s..1h`);
  return bad;
}

function serviceChecks(svc, dep) {
  const bad = [];
  const tpl = dep.spec.template;
  const podLabels = tpl.metadata && tpl.metadata.labels;
  const ctr = tpl.spec.containers[0];
  if (!subsetOf(svc.spec.selector, podLabels)) bad.push(`selector ${JSON.stringify(svc.spec.selector)} does not match pod labels ${JSON.stringify(podLabels)}`);
  for (const p of svc.spec.ports || [])
    if (resolvePort(p.targetPort ?? p.port, ctr) !== 8080) bad.push(`port ${p.name || p.port}: targetPort ${p.targetPort} is not container port 8080`);
  if (!(svc.spec.ports || []).length) bad.push("no ports");
  return bad;
}

function hpaChecks(hpa, dep) {
  const bad = [];
  const ctr = dep.spec.template.spec.containers[0];
  const t = hpa.spec.scaleTargetRef || {};
  if (t.apiVersion !== "apps/v1" || t.kind !== "Deployment" || t.name !== dep.metadata.name)
    bad.push(`scaleTargetRef ${JSON.stringify(t)} is not apps/v1 Deployment ${dep.metadata.name}`);
  const min = hpa.spec.minReplicas ?? 1;
  if (!(min >= 1 && hpa.spec.maxReplicas >= min)) bad.push(`replicas ${min}..${hpa.spec.maxReplicas}`);
  const cpu = (hpa.spec.metrics || []).find((m) => m.type === "Resource" && m.resource && m.resource.name === "cpu");
  if (!cpu || cpu.resource.target.type !== "Utilization" || !(cpu.resource.target.averageUtilization > 0 && cpu.resource.target.averageUtilization <= 100))
    bad.push("no CPU Utilization target in 1..100 %");
  if (!(ctr && ctr.resources && ctr.resources.requests && ctr.resources.requests.cpu)) bad.push("CPU utilisation needs a CPU request on the container");
  return bad;
}

// ---------------------------------------------------------------- the run
function main() {
  // --- the inputs themselves
  const files = fs.readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${K8S_DIR}/${f}`);
  const docs = []; // {label, file, obj}
  for (const f of [...files, KNATIVE]) {
    check(`yaml ${f}`, () => {
      const ds = loadYaml(f);
      if (!ds.length) return "no documents";
      ds.forEach((obj, i) => docs.push({ file: f, obj, label: `${f}${ds.length > 1 ? `#${i}` : ""} ${obj.kind}/${obj.metadata && obj.metadata.name}` }));
    });
  }
  const kust = docs.find((d) => d.obj.kind === "Kustomization");
  const manifests = docs.filter((d) => d !== kust);

  // --- schema and strict
  for (const d of manifests) check(`schema ${d.label}`, () => schemaErrors(d.obj));
  let strict;
  check("strict checker runs (tsc over the models' types)", () => { strict = strictErrors(manifests); });
  if (strict) for (const d of manifests) check(`strict ${d.label}`, () => problems(strict.get(d.label) || []));

  const cfText = fs.existsSync(CONTAINERFILE) ? fs.readFileSync(CONTAINERFILE, "utf8") : null;
  const ignText = fs.existsSync(IGNOREFILE) ? fs.readFileSync(IGNOREFILE, "utf8") : "";
  // --- app.toml (its routes decide volumes, timeouts, concurrency)
  let app = null;
  check(`app.toml ${APP_TOML} parses`, () => {
    if (!fs.existsSync(APP_TOML)) return `missing (the image copies it to /app/app.toml)`;
    app = TOML.parse(fs.readFileSync(APP_TOML, "utf8"));
  });
  const routes = (app && app.route) || [];
  const writable = [...new Set(routes.flatMap((r) => (r.writable_dirs || []).map((d) => d.host)))];
  const timeouts = routes.map((r) => parseDuration(r.timeout)).filter((t) => t > 0);
  const mems = routes.map((r) => parseQuantity(String(r.max_memory || "").replace(/iB$/, "i").replace(/B$/, ""))).filter((m) => m > 0);
  const server = (app && app.server) || {};
  const ctxBase = { writable, maxRouteTimeout: timeouts.length ? Math.max(...timeouts) : 0,
    maxRouteMemory: mems.length ? Math.max(...mems) : 0,
    minRouteConcurrency: Math.min(...routes.map((r) => r.max_concurrency).filter((n) => Number.isInteger(n) && n > 0), Infinity),
    bodyTimeout: server.body_timeout ? parseDuration(server.body_timeout) || 0 : 30,
    drainTimeout: server.drain_timeout ? parseDuration(server.drain_timeout) || 0 : 30 };
  if (app) check("app.toml: every module is built by the image (examples/serve/NAME.c -> /app/NAME.wasm)", () => {
    const bad = [];
    if (!routes.length) bad.push("no [[route]]");
    for (const r of routes) {
      const m = String(r.module || "");
      const c = `examples/serve/${m.replace(/\.wasm$/, ".c")}`;
      if (!m.endsWith(".wasm") || m.includes("/") || !fs.existsSync(c)) bad.push(`route ${r.name}: module ${m} has no ${c}`);
      for (const d of [...(r.dirs || []), ...(r.writable_dirs || [])])
        if (String(d.host).includes("..") || path.posix.isAbsolute(String(d.host))) bad.push(`route ${r.name}: dir ${d.host} is outside /app`);
      for (const d of r.dirs || [])
        if (!fs.existsSync(`examples/serve/${d.host}`) || !(cfText || "").includes(`examples/serve/${d.host}`))
          bad.push(`route ${r.name}: read-only dir ${d.host} is not in examples/serve or not copied by ${CONTAINERFILE}`);
    }
    if (app.server && app.server.admin_token_file) bad.push("[server] admin_token_file would bake a token into the image; use PETREL_ADMIN_TOKEN");
    return problems(bad);
  });

  // --- the image
  let image = null;
  check(`image ${CONTAINERFILE} lint`, () => {
    if (cfText === null) return "missing";
    image = finalImage(cfText);
    return problems(lintContainerfile(cfText, ignText));
  });
  check(`image ${IGNOREFILE} keeps build trees and .git out, the sources in`, () => {
    if (!ignText) return "missing";
    const ig = ignoreMatcher(ignText);
    const bad = [];
    for (const p of ["BUILD/CMakeCache.txt", "BUILD-asan/x", "build/CMakeCache.txt", ".git/HEAD", "bench/out/x.json"])
      if (!ig(p)) bad.push(`${p} is sent`);
    for (const p of ["CMakeLists.txt", "src/api/module.cpp", "include/petrel/petrel.h", "tools/petrel/main.cpp", "cmake/Install.cmake",
      "tests/wasi/CMakeLists.txt", "bench/CMakeLists.txt", "sdk/wagi/petrel_wagi.h", "examples/serve/hello.c", "examples/serve/app.toml", "deploy/sleep.wat"])
      if (ig(p)) bad.push(`${p} is excluded`);
    return problems(bad);
  });
  if (image) check("image: writable dirs exist in the image, owned by its USER", () => {
    const bad = [];
    for (const h of writable) {
      const dest = path.posix.join("/app", h);
      const c = image.copies.find((x) => x.dest === dest);
      if (!c) bad.push(`no COPY creates ${dest}`);
      else if (!c.chown || c.chown.split(":")[0] !== String(image.uid)) bad.push(`${dest} is not --chown to ${image.user}`);
    }
    return problems(bad);
  });

  // --- project invariants across the manifests
  const find = (apiVersion, kind) => manifests.filter((d) => d.obj.apiVersion === apiVersion && d.obj.kind === kind).map((d) => d.obj);
  const [dep] = find("apps/v1", "Deployment");
  const [svc] = find("v1", "Service");
  const [hpa] = find("autoscaling/v2", "HorizontalPodAutoscaler");
  const [pdb] = find("policy/v1", "PodDisruptionBudget");
  const [ksvc] = find("serving.knative.dev/v1", "Service");
  const ctx = { ...ctxBase, image, hpa };
  check("k8s: one Deployment, Service and HorizontalPodAutoscaler", () =>
    problems([[dep, "Deployment"], [svc, "Service"], [hpa, "HorizontalPodAutoscaler"]].filter(([o]) => !o).map(([, n]) => `no ${n}`)));
  if (dep) check("Deployment: probes, ports, resources, security, token, metrics, graceful shutdown", () => problems(deploymentChecks(dep, ctx)));
  const podLabels = dep && dep.spec && dep.spec.template && dep.spec.template.metadata && dep.spec.template.metadata.labels;
  const ctr = dep && dep.spec.template.spec.containers[0];
  if (svc && dep) check("Service selects the Deployment's pods on the container port", () => problems(serviceChecks(svc, dep)));
  if (hpa && dep) check("HPA targets the Deployment by name and scales on CPU", () => problems(hpaChecks(hpa, dep)));
  if (pdb && dep) check("PodDisruptionBudget selects the pods and leaves room to drain", () => {
    const bad = [];
    if (!subsetOf(pdb.spec.selector && pdb.spec.selector.matchLabels, podLabels)) bad.push("selector does not match the pod labels");
    if (hpa && typeof pdb.spec.minAvailable === "number" && !(pdb.spec.minAvailable < (hpa.spec.minReplicas ?? 1)))
      bad.push(`minAvailable ${pdb.spec.minAvailable} not below the HPA's minReplicas ${hpa.spec.minReplicas}`);
    return problems(bad);
  });
  check("kustomization.yaml lists every manifest, and its image is the Deployment's", () => {
    if (!kust) return `no Kustomization in ${K8S_DIR}`;
    const bad = [];
    const res = kust.obj.resources || [];
    for (const r of res) if (!fs.existsSync(path.join(K8S_DIR, r))) bad.push(`resource ${r} missing`);
    for (const f of files.map((f) => path.basename(f)).filter((f) => f !== "kustomization.yaml"))
      if (!res.includes(f)) bad.push(`${f} not in resources`);
    const img = ctr && ctr.image.replace(/[:@].*$/, "");
    for (const i of kust.obj.images || []) if (i.name !== img) bad.push(`images entry ${i.name} matches no container image (${img})`);
    return problems(bad);
  });
  if (ksvc) check("Knative Service: probes, concurrency, autoscaling, security, token, metrics", () => {
    const bad = knativeChecks(ksvc, ctx);
    const kc = ksvc.spec.template.spec.containers[0];
    if (ctr && kc.image !== ctr.image) bad.push(`image ${kc.image} differs from the Deployment's ${ctr.image}`);
    return problems(bad);
  });

  // --- optional: kustomize render, the sleeper under a real petrel
  check("kubectl kustomize deploy/k8s renders schema-valid objects", () => {
    const has = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" });
    if (has.status !== 0) return skip("kubectl not installed");
    const r = spawnSync("kubectl", ["kustomize", K8S_DIR], { encoding: "utf8", timeout: 30000 });
    if (r.status !== 0) return `kubectl kustomize failed: ${(r.stderr || String(r.error)).slice(0, 300)}`;
    const out = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean);
    const bad = [];
    if (out.length !== (kust ? (kust.obj.resources || []).length : 0)) bad.push(`rendered ${out.length} objects`);
    for (const o of out) { const e = schemaErrors(o); if (e) bad.push(`${o.kind}: ${e}`); }
    return problems(bad);
  });
  check("deploy/sleep.wat waits N seconds and exits 0 under petrel (the preStop hook)", () => {
    const petrel = process.env.PETREL;
    if (!petrel || !fs.existsSync(petrel)) return skip("no built petrel (set PETREL=path or build BUILD/petrel)");
    const t0 = Date.now();
    const r1 = spawnSync(petrel, ["run", "deploy/sleep.wat", "1"], { encoding: "utf8", timeout: 10000 });
    const dt = (Date.now() - t0) / 1000;
    const r0 = spawnSync(petrel, ["run", "deploy/sleep.wat", "0"], { encoding: "utf8", timeout: 10000 });
    const bad = [];
    if (r1.status !== 0) bad.push(`sleep 1 exited ${r1.status}: ${r1.stderr}`);
    else if (!(dt >= 0.95 && dt < 5)) bad.push(`sleep 1 took ${dt} s`);
    if (r0.status !== 0) bad.push(`sleep 0 exited ${r0.status}: ${r0.stderr}`);
    return problems(bad);
  });
  check("docs/DEPLOY.md names only paths that exist", () => {
    if (!fs.existsSync("docs/DEPLOY.md")) return "missing";
    const md = fs.readFileSync("docs/DEPLOY.md", "utf8");
    const paths = [...new Set([...md.matchAll(/(?<![\w./-])((?:deploy|tests\/deploy|examples\/serve)\/[\w./-]*[\w])/g)].map((m) => m[1]))];
    const bad = paths.filter((p) => !fs.existsSync(p));
    for (const f of [...files, KNATIVE, CONTAINERFILE]) if (!md.includes(f)) bad.push(`${f} is not mentioned`);
    return problems(bad.map((p) => (p.includes(" ") ? p : `${p} does not exist`)));
  });

  // --- self-checks: each validator must reject a broken input
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "petrel-deploy-"));
  try {
    const clone = (o) => JSON.parse(JSON.stringify(o));
    check("self: schema rejects a Deployment with replicas: \"two\" (from a temp file)", () => {
      if (!dep) return "no Deployment to break";
      const f = path.join(tmp, "broken.yaml");
      const text = fs.readFileSync(`${K8S_DIR}/deployment.yaml`, "utf8").replace(/^spec:\n/m, 'spec:\n  replicas: "two"\n');
      fs.writeFileSync(f, text);
      const [o] = loadYaml(f);
      if (!o.spec || o.spec.replicas !== "two") return "could not build the broken file";
      const e = schemaErrors(o);
      return e && /replicas/.test(e) ? undefined : `accepted (${e})`;
    });
    check("self: schema rejects a container without a name", () => {
      if (!dep) return "no Deployment";
      const o = clone(dep);
      delete o.spec.template.spec.containers[0].name;
      return schemaErrors(o) ? undefined : "accepted";
    });
    check("self: strict rejects an unknown field the schema lets through (readinesProbe)", () => {
      if (!dep) return "no Deployment";
      const o = clone(dep);
      o.spec.template.spec.containers[0].readinesProbe = o.spec.template.spec.containers[0].readinessProbe;
      if (schemaErrors(o)) return "the schema already rejects it (test premise broken)";
      const e = strictErrors([{ label: "typo", obj: o }]).get("typo") || [];
      return e.some((x) => /readinesProbe/.test(x)) ? undefined : `accepted (${e.join("; ")})`;
    });
    check("self: strict rejects an unknown field in the Knative Service", () => {
      if (!ksvc) return "no Knative Service";
      const o = clone(ksvc);
      o.spec.template.spec.containers[0].livenesProbe = {};
      const e = strictErrors([{ label: "typo", obj: o }]).get("typo") || [];
      return e.length ? undefined : "accepted";
    });
    check("self: the YAML loader rejects a duplicate key", () => {
      const f = path.join(tmp, "dup.yaml");
      fs.writeFileSync(f, "apiVersion: v1\nkind: Service\nkind: Service\n");
      try { loadYaml(f); } catch { return undefined; }
      return "accepted";
    });
    check("self: project checks reject wrong probe paths, a wrong HPA target and a lost selector", () => {
      if (!dep || !hpa || !svc) return "missing objects";
      const bad = [];
      const d1 = clone(dep);
      d1.spec.template.spec.containers[0].livenessProbe.httpGet.path = "/healthz";
      d1.spec.template.spec.containers[0].readinessProbe.httpGet.port = 9090;
      const e1 = deploymentChecks(d1, ctx);
      if (!e1.some((x) => /livenessProbe path/.test(x)) || !e1.some((x) => /readinessProbe port/.test(x))) bad.push("probe errors not found");
      const d2 = clone(dep);
      d2.spec.template.spec.terminationGracePeriodSeconds = 1;
      d2.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
      d2.spec.template.spec.containers[0].env = [{ name: "PETREL_ADMIN_TOKEN", value: "secret" }];
      const e2 = deploymentChecks(d2, ctx);
      for (const w of ["terminationGracePeriodSeconds", "readOnlyRootFilesystem", "PETREL_ADMIN_TOKEN"])
        if (!e2.some((x) => x.includes(w))) bad.push(`${w} error not found`);
      const h = clone(hpa);
      h.spec.scaleTargetRef.name = "petrel-old";
      if (!hpaChecks(h, dep).some((x) => /scaleTargetRef/.test(x))) bad.push("HPA target error not found");
      const sv = clone(svc);
      sv.spec.selector = { app: "petrel" };
      sv.spec.ports[0].targetPort = 80;
      const es = serviceChecks(sv, dep);
      if (!es.some((x) => /selector/.test(x)) || !es.some((x) => /targetPort/.test(x))) bad.push("Service errors not found");
      if (ksvc) {
        const k = clone(ksvc);
        k.spec.template.metadata.annotations["autoscaling.knative.dev/min-scale"] = "20";
        k.spec.template.spec.containers[0].lifecycle = { preStop: {} };
        const e3 = knativeChecks(k, ctx);
        if (!e3.some((x) => /min-scale above/.test(x)) || !e3.some((x) => /lifecycle/.test(x))) bad.push("Knative errors not found");
      }
      return problems(bad);
    });
    check("self: Containerfile lint rejects a fat final stage, a missing COPY source and a wrong ENTRYPOINT", () => {
      if (cfText === null) return "no Containerfile";
      const broken = cfText
        .replace(/^FROM gcr\.io\/distroless\/static-debian12\S*|^FROM scratch/m, "FROM debian:12")
        .replace(/^ENTRYPOINT .*/m, 'ENTRYPOINT ["/petrel", "run"]')
        .replace(/^COPY \. \.$/m, "COPY no/such/dir .")
        + "\nCOPY --from=build /nowhere/made /x\n";
      const e = lintContainerfile(broken, ignText);
      const want = [/final stage FROM debian:12/, /ENTRYPOINT/, /no\/such\/dir does not exist/, /\/nowhere\/made: not produced/];
      const miss = want.filter((re) => !e.some((x) => re.test(x)));
      return miss.length ? `not flagged: ${miss.join(", ")} (got: ${e.join(" | ")})` : undefined;
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exitCode = failed ? 1 : 0;
}

main();
