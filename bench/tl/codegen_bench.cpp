// Parse + generate time of api.tl and mtproto.tl (everything tl-gen does but
// writing the files).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "emit.hpp"
#include "layer/tl_parser/parser.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_ParseApiSchema(benchmark::State& state) {
  std::string api = read(std::string(LAYER_SCHEMA_DIR) + "/api.tl");
  for (auto _ : state) benchmark::DoNotOptimize(layer::tl_parser::parse(api));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * api.size()));
}
BENCHMARK(BM_ParseApiSchema)->Unit(benchmark::kMillisecond);

void BM_ParseAndGenerate(benchmark::State& state) {
  using namespace layer::tl_gen;
  std::string api = read(std::string(LAYER_SCHEMA_DIR) + "/api.tl");
  std::string mtproto = read(std::string(LAYER_SCHEMA_DIR) + "/mtproto.tl");
  std::size_t generated = 0;
  for (auto _ : state) {
    auto api_schema = layer::tl_parser::parse(api);
    auto mtproto_schema = layer::tl_parser::parse(mtproto);
    Model model = build_model(api_schema, mtproto_schema);
    auto groups = group_structs(model);
    Layout layout = plan_layout(groups, 8);
    generated = fwd_header(model).size() + readers_source(model).size() + names_source(model).size();
    for (const Group& group : groups) generated += group_header(group, layout).size();
    for (const Part& part : layout.parts) generated += part_header(part, layout).size();
    for (const ChunkSources& chunk : chunk_sources(layout))
      generated += chunk.codec.size() + chunk.values.size();
    benchmark::DoNotOptimize(generated);
  }
  state.counters["generated_bytes"] = static_cast<double>(generated);
}
BENCHMARK(BM_ParseAndGenerate)->Unit(benchmark::kMillisecond);

}  // namespace
