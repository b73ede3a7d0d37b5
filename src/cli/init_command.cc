#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.h"

namespace signtrail::cli {

void AddInitCommand(CLI::App& app, CommandAction* selected) {
  auto db = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "init", "Create an empty store (other commands also create it on first use)");
  AddStoreOption(*command, db.get());

  command->callback([db, selected] {
    *selected = [db]() -> Status {
      const std::filesystem::path path = ResolveStorePath(*db);
      const bool existed = std::filesystem::exists(path);
      Result<std::unique_ptr<Store>> store = OpenStore(*db);
      if (!store.ok()) return store.status();
      std::cout << fmt::format("{} store {}\n", existed ? "Opened existing" : "Created",
                               path.string());
      return Status::Ok();
    };
  });
}

}  // namespace signtrail::cli
