// petrel_fw_linker_add_hw: the petrel_hw binding (hw/hw_host.h) over the
// port's devices (fw_port_backends.cpp), with the firmware's grants.
#include <memory>

#include "embedded/fw_internal.h"
#include "hw/hw_host.h"
#include "petrel_fw.h"

namespace petrel::internal::fw {
namespace {

hw::HwGrants grantsOf(const petrel_fw_hw_grants& g) {
  hw::HwGrants grants;
  for (uint32_t b = 0; b < 32; ++b)
    if (g.i2c_bus_mask & (1u << b)) grants.grantI2cBus(b);
  if (g.gpio_lines) grants.grantGpioLines(0, 0, g.gpio_lines - 1);
  grants.grantSpiDevices(g.spi_devices);
  grants.grantUartPorts(g.uart_ports);
  return grants;
}

class HwProvider final : public ImportProvider {
 public:
  HwProvider(Store& store, hw::HwBackends& backends, const petrel_fw_hw_grants& g)
      : context_(backends, grantsOf(g)), host_(store, context_) {}
  const char* moduleName() const override { return hw::kHwModule; }
  Result<FunctionInstance*> resolveImport(const Module& module, const Import& import) override {
    return host_.resolveImport(module, import);
  }

 private:
  hw::HwContext context_;
  hw::HwHost host_;
};

}  // namespace

ImportProvider* makeHwProvider(Store& store, const void* grants) {
  hw::HwBackends* backends = portBackends();
  if (!backends) return nullptr;  // the port has no hardware: petrel_hw imports stay unknown
  return new HwProvider(store, *backends, *static_cast<const petrel_fw_hw_grants*>(grants));
}

}  // namespace petrel::internal::fw
