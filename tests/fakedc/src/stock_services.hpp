// The calls every fake DC answers out of the box: what a client needs to get
// from connecting to its first real request.
#pragma once

#include <functional>
#include <vector>

#include "dc.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::fakedc {

// dc_options lists the cluster's DCs as help.getConfig announces them.
void add_stock_services(Dispatcher& dispatcher, const Shared& shared,
                        std::function<std::vector<tl::enums::DcOption>()> dc_options);

}  // namespace layer::fakedc
