/* nbody: the classic five-body (Sun and the gas giants) simulation; f64 loads,
 * stores, multiplies, adds, divides and square roots over a small array of
 * structs. Plain IEEE binary64 +, -, *, / and sqrt (no FMA on either target,
 * no -ffast-math), so every target computes the same bits.
 * One unit = 1000 time steps, then the total energy is folded into the checksum. */
#include "bench.h"

#define NBODIES 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body {
  double x, y, z, vx, vy, vz, mass;
};

static const double initial[NBODIES][7] = {
    /* sun */
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    /* jupiter */
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    /* saturn */
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    /* uranus */
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    /* neptune */
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};

static struct body bodies[NBODIES];
BENCH_OPAQUE(uint32_t, nbody_count, NBODIES);
BENCH_OPAQUE(uint32_t, nbody_steps, 1000);

static void advance(uint32_t nb, double dt) {
  for (uint32_t i = 0; i < nb; i++) {
    struct body* b = &bodies[i];
    for (uint32_t j = i + 1; j < nb; j++) {
      struct body* b2 = &bodies[j];
      double dx = b->x - b2->x, dy = b->y - b2->y, dz = b->z - b2->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * __builtin_sqrt(d2));
      b->vx -= dx * b2->mass * mag;
      b->vy -= dy * b2->mass * mag;
      b->vz -= dz * b2->mass * mag;
      b2->vx += dx * b->mass * mag;
      b2->vy += dy * b->mass * mag;
      b2->vz += dz * b->mass * mag;
    }
  }
  for (uint32_t i = 0; i < nb; i++) {
    struct body* b = &bodies[i];
    b->x += dt * b->vx;
    b->y += dt * b->vy;
    b->z += dt * b->vz;
  }
}

static double energy(uint32_t nb) {
  double e = 0.0;
  for (uint32_t i = 0; i < nb; i++) {
    struct body* b = &bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (uint32_t j = i + 1; j < nb; j++) {
      struct body* b2 = &bodies[j];
      double dx = b->x - b2->x, dy = b->y - b2->y, dz = b->z - b2->z;
      e -= (b->mass * b2->mass) / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static uint32_t fold_double(uint32_t h, double d) {
  union {
    double d;
    uint64_t u;
  } v = {d};
  h = bench_mix(h, (uint32_t)v.u);
  return bench_mix(h, (uint32_t)(v.u >> 32));
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t nb = nbody_count;
  for (uint32_t i = 0; i < NBODIES; i++) {
    bodies[i].x = initial[i][0];
    bodies[i].y = initial[i][1];
    bodies[i].z = initial[i][2];
    bodies[i].vx = initial[i][3];
    bodies[i].vy = initial[i][4];
    bodies[i].vz = initial[i][5];
    bodies[i].mass = initial[i][6];
  }
  /* Offset the sun's momentum so the system's centre of mass stays put. */
  double px = 0, py = 0, pz = 0;
  for (uint32_t i = 0; i < nb; i++) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / SOLAR_MASS;
  bodies[0].vy = -py / SOLAR_MASS;
  bodies[0].vz = -pz / SOLAR_MASS;

  uint32_t h = fold_double(0x811c9dc5u, energy(nb)); /* -0.169075164 */
  for (uint32_t rep = 0; rep < n; rep++) {
    uint32_t steps = nbody_steps;
    for (uint32_t s = 0; s < steps; s++) advance(nb, 0.01);
    h = fold_double(h, energy(nb));
  }
  return h;
}
