// Micro-benchmarks of each importer's parse rate. Every importer reads an
// in-memory file of a few MB in the shape its docs/formats/<name>.md page
// documents. The files are built once per run from fixed seeds, so every run
// and machine parses the same bytes.

#include <benchmark/benchmark.h>
#include <date/date.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "sources/importers.h"

namespace signtrail {
namespace {

// Record counts, chosen so that each file is 3 to 5 MB. None equals a row
// cap that an importer warns about (5,000 and 250,000 rows, or a Graph page
// of 1,000 sign-ins), because the fixtures must import without warnings.
constexpr int64_t kEntraJsonRecords = 2'800;
constexpr int64_t kEntraCsvRecords = 6'000;
constexpr int64_t kLcsLoginRecords = 30'000;
constexpr int64_t kUserLogRecords = 36'000;
constexpr int64_t kD365UserRecords = 30'000;
constexpr int64_t kEntraUserRecords = 16'000;

// Users who sign in. The directory fixtures list more accounts than this.
constexpr int64_t kSigningInUsers = 2'000;

// Sign-ins fall on the working days Monday 2024-06-17 to Friday 2024-06-21.
// Each day number is above 12, so the slash dates of the LCS fixture decide
// the file's month-first order.
constexpr int kWorkingDays = 5;
constexpr int64_t kFirstDayMicros = 1'718'582'400LL * kMicrosPerSecond;  // 2024-06-17T00:00:00Z

constexpr int kFailedSignInPerMille = 80;  // about 8% of sign-ins fail

// A SplitMix64 generator. The std:: distributions differ between standard
// library implementations, so the fixtures draw their numbers from this one.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // A number in [0, bound). The modulo bias is far too small to matter here.
  uint64_t Below(uint64_t bound) { return Next() % bound; }

  bool PerMille(int chance) { return Below(1000) < static_cast<uint64_t>(chance); }

  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }

  // A random version 4 GUID in lower case.
  std::string Guid() {
    const uint64_t high = Next();
    const uint64_t low = Next();
    return fmt::format("{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}", high >> 32,
                       (high >> 16) & 0xffff, high & 0xfff, 8 + ((low >> 60) & 0x3),
                       (low >> 48) & 0xfff, low & 0xffffffffffffULL);
  }

 private:
  uint64_t state_;
};

constexpr std::array<std::string_view, 16> kFirstNames = {
    "Dana",  "Frank", "Jamie", "Megan", "Priya",  "Wei",   "Olga",  "Kofi",
    "Lucia", "Tomas", "Aiko",  "Samir", "Ingrid", "Mateo", "Nadia", "Owen"};
constexpr std::array<std::string_view, 16> kLastNames = {
    "Lee",    "Martin", "Novak",  "Okafor", "Silva", "Chen",  "Kowalski", "Haddad",
    "Jensen", "Moreau", "Tanaka", "Rossi",  "Varga", "Byrne", "Costa",    "Ahmed"};

struct Place {
  std::string_view city;
  std::string_view state;
  std::string_view country;
  std::string_view latitude;
  std::string_view longitude;
};
constexpr std::array<Place, 6> kPlaces = {{
    {"Amsterdam", "Noord-Holland", "NL", "52.37403", "4.88969"},
    {"Melbourne", "Victoria", "AU", "-37.81400", "144.96332"},
    {"Seattle", "Washington", "US", "47.60621", "-122.33207"},
    {"Lyon", "Auvergne-Rhone-Alpes", "FR", "45.76404", "4.83566"},
    {"Pune", "Maharashtra", "IN", "18.52043", "73.85674"},
    {"Dublin", "Dublin", "IE", "53.34980", "-6.26031"},
}};

struct Application {
  std::string_view name;
  std::string_view id;
};
constexpr std::array<Application, 5> kApplications = {{
    {"Microsoft Dynamics 365 Finance and Operations", "00000015-0000-0000-c000-000000000000"},
    {"Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"},
    {"Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264"},
    {"Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"},
    {"Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c"},
}};

struct Failure {
  int code;
  std::string_view reason;
};
constexpr std::array<Failure, 4> kFailures = {{
    {50126, "Error validating credentials due to invalid username or password."},
    {50074, "Strong Authentication is required."},
    {50140,
     "This error occurred due to 'Keep me signed in' interrupt when the user was signing-in."},
    {53003,
     "Access has been blocked by Conditional Access policies. The access policy does not allow "
     "token issuance."},
}};

constexpr std::array<std::string_view, 3> kUserAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0"};

// One account, the same in every fixture that lists or signs in user `index`.
struct FixtureUser {
  std::string object_id;   // Entra object id
  std::string account_id;  // D365 User ID, such as "dlee42"
  std::string given_name;
  std::string surname;
  std::string display_name;  // "Martin, Frank" for every fifth user, so CSV quotes it
  std::string upn;           // the directory form; a guest's carries #EXT#
  std::string mail;
  bool guest = false;
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

FixtureUser MakeUser(int64_t index) {
  Random random(0x5157'0000 + static_cast<uint64_t>(index));
  FixtureUser user;
  user.object_id = random.Guid();
  user.given_name = std::string(random.Pick(kFirstNames));
  user.surname = std::string(random.Pick(kLastNames));
  user.account_id = Lower(fmt::format("{}{}{}", user.given_name[0], user.surname, index));
  user.display_name =
      index % 5 == 0 ? user.surname + ", " + user.given_name : user.given_name + " " + user.surname;
  user.guest = index % 20 == 7;
  const std::string local = Lower(user.given_name + "." + user.surname) + std::to_string(index);
  if (user.guest) {
    user.mail = local + "@partner.example";
    user.upn = local + "_partner.example#EXT#@contoso.onmicrosoft.com";
  } else {
    user.mail = local + "@contoso.example";
    user.upn = user.mail;
  }
  return user;
}

std::vector<FixtureUser> MakeUsers(int64_t count) {
  std::vector<FixtureUser> users;
  users.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) users.push_back(MakeUser(i));
  return users;
}

// A time during working hours (08:00 to 18:00 UTC) of one of the fixture's days.
Instant WorkingHoursTime(Random& random) {
  const int64_t day = static_cast<int64_t>(random.Below(kWorkingDays));
  const int64_t second = 8 * 3600 + static_cast<int64_t>(random.Below(10 * 3600));
  const int64_t micros = static_cast<int64_t>(random.Below(kMicrosPerSecond));
  return Instant::FromMicros(kFirstDayMicros + day * kMicrosPerDay + second * kMicrosPerSecond +
                             micros);
}

struct CivilTime {
  date::year_month_day date;
  date::hh_mm_ss<std::chrono::microseconds> time;
};

CivilTime ToCivil(Instant instant) {
  const date::sys_time<std::chrono::microseconds> point{
      std::chrono::microseconds(instant.micros())};
  const date::sys_days day = date::floor<date::days>(point);
  return {date::year_month_day(day), date::hh_mm_ss<std::chrono::microseconds>(point - day)};
}

// "2024-06-17T08:15:02.8527147Z": seven fraction digits, as Graph writes them.
// The seventh digit is drawn, because Instant holds only microseconds.
std::string GraphTime(Instant instant, Random& random) {
  const CivilTime civil = ToCivil(instant);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}{}Z", int(civil.date.year()),
                     unsigned(civil.date.month()), unsigned(civil.date.day()),
                     civil.time.hours().count(), civil.time.minutes().count(),
                     civil.time.seconds().count(), civil.time.subseconds().count(),
                     random.Below(10));
}

// "2024-06-17 08:15:02", the shape of data entity exports.
std::string IsoSpaceTime(Instant instant) {
  const CivilTime civil = ToCivil(instant);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", int(civil.date.year()),
                     unsigned(civil.date.month()), unsigned(civil.date.day()),
                     civil.time.hours().count(), civil.time.minutes().count(),
                     civil.time.seconds().count());
}

// "6/17/2024 8:15:02 AM", the US display shape of grid exports.
std::string UsDisplayTime(Instant instant) {
  const CivilTime civil = ToCivil(instant);
  const int64_t hour = civil.time.hours().count();
  const int64_t hour12 = hour % 12 == 0 ? 12 : hour % 12;
  return fmt::format("{}/{}/{:04} {}:{:02}:{:02} {}", unsigned(civil.date.month()),
                     unsigned(civil.date.day()), int(civil.date.year()), hour12,
                     civil.time.minutes().count(), civil.time.seconds().count(),
                     hour < 12 ? "AM" : "PM");
}

std::string DocumentationIp(Random& random) {
  constexpr std::array<std::string_view, 3> kNetworks = {"203.0.113.", "198.51.100.", "192.0.2."};
  if (random.PerMille(100)) return fmt::format("2001:db8::{:x}", random.Below(0xffff) + 1);
  return fmt::format("{}{}", random.Pick(kNetworks), random.Below(254) + 1);
}

// Appends one RFC 4180 line, quoting only the cells that need it.
void AppendCsvRow(std::string& out, const std::vector<std::string>& cells,
                  std::string_view line_end) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      out += cell;
      continue;
    }
    out += '"';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += line_end;
}

// One in-memory input file and the number of records it holds.
struct Fixture {
  std::string file_name;  // passed to the importer; entra-csv reads the sign-in type from it
  std::string bytes;
  int64_t records = 0;
  std::string error;  // why the builder failed; empty when it succeeded
};

// Each user's current Entra session. A sign-in joins it, or starts a new one
// with a chance of 30%, so most sessions hold several sign-ins.
class SessionTracker {
 public:
  explicit SessionTracker(size_t users) : sessions_(users) {}

  const std::string& SessionOf(size_t user, Random& random) {
    std::string& session = sessions_[user];
    if (session.empty() || random.PerMille(300)) session = random.Guid();
    return session;
  }

 private:
  std::vector<std::string> sessions_;
};

// One Graph signIn object on one line, about 1.6 KB, with nested status,
// deviceDetail, location and appliedConditionalAccessPolicies.
// Every random value is drawn into a local first, because the order in which
// function arguments are evaluated is unspecified.
std::string GraphSignIn(const FixtureUser& user, const std::string& session, Random& random) {
  const Instant time = WorkingHoursTime(random);
  const std::string created = GraphTime(time, random);
  const Application& application = random.Pick(kApplications);
  const Place& place = random.Pick(kPlaces);
  const bool failed = random.PerMille(kFailedSignInPerMille);
  const Failure& failure = random.Pick(kFailures);
  const bool interactive = random.PerMille(400);
  const std::string id = random.Guid();
  const std::string correlation_id = random.Guid();
  const std::string ip = DocumentationIp(random);
  const uint64_t processing_ms = 40 + random.Below(400);
  const std::string device_id = random.Guid();
  const uint64_t device_number = random.Below(0x10000);
  const std::string mfa_policy_id = random.Guid();
  const std::string legacy_policy_id = random.Guid();

  std::string status;
  if (failed) {
    status = fmt::format(R"({{"errorCode":{},"failureReason":"{}","additionalDetails":null}})",
                         failure.code, failure.reason);
  } else {
    status = R"({"errorCode":0,"failureReason":"Other.",)"
             R"("additionalDetails":"MFA requirement satisfied by claim in the token"})";
  }

  std::string record = fmt::format(
      R"({{"id":"{}","createdDateTime":"{}","userDisplayName":"{}","userPrincipalName":"{}",)"
      R"("userId":"{}","appId":"{}","appDisplayName":"{}","ipAddress":"{}",)"
      R"("clientAppUsed":"Browser","correlationId":"{}","conditionalAccessStatus":"{}",)"
      R"("isInteractive":{},"processingTimeInMilliseconds":{},"riskDetail":"none",)"
      R"("riskLevelAggregated":"none","riskLevelDuringSignIn":"none","riskState":"none",)"
      R"("riskEventTypes":[],)"
      R"("resourceDisplayName":"Microsoft Graph","sessionId":"{}","signInEventTypes":["{}"],)"
      R"("status":{},)",
      id, created, user.display_name, user.mail, user.object_id, application.id, application.name,
      ip, correlation_id, failed ? "failure" : "success", interactive ? "true" : "false",
      processing_ms, session, interactive ? "interactiveUser" : "nonInteractiveUser", status);

  record += fmt::format(
      R"("deviceDetail":{{"deviceId":"{}","displayName":"LAPTOP-{:04X}",)"
      R"("operatingSystem":"Windows10","browser":"Edge 125.0.0","isCompliant":true,)"
      R"("isManaged":true,"trustType":"Azure AD joined"}},)"
      R"("location":{{"city":"{}","state":"{}","countryOrRegion":"{}",)"
      R"("geoCoordinates":{{"altitude":null,"latitude":{},"longitude":{}}}}},)"
      R"("appliedConditionalAccessPolicies":[)"
      R"({{"id":"{}","displayName":"Require MFA for all users",)"
      R"("enforcedGrantControls":["Mfa"],"enforcedSessionControls":[],"result":"success"}},)"
      R"({{"id":"{}","displayName":"Block legacy authentication",)"
      R"("enforcedGrantControls":["Block"],)"
      R"("enforcedSessionControls":[],"result":"notApplied"}}]}})",
      device_id, device_number, place.city, place.state, place.country, place.latitude,
      place.longitude, mfa_policy_id, legacy_policy_id);
  return record;
}

Fixture BuildEntraJson() {
  const std::vector<FixtureUser> users = MakeUsers(kSigningInUsers);
  SessionTracker sessions(users.size());
  Random random(0xE17A'0001);

  Fixture fixture;
  fixture.file_name = "signins.ndjson";
  for (int64_t i = 0; i < kEntraJsonRecords; ++i) {
    const size_t user = random.Below(users.size());
    fixture.bytes += GraphSignIn(users[user], sessions.SessionOf(user, random), random);
    fixture.bytes += '\n';
  }
  fixture.records = kEntraJsonRecords;
  return fixture;
}

// The 57 columns of the admin center's interactive sign-ins download, in its
// order, with its trailing and doubled spaces and the repeated
// "Incoming token type" (docs/formats/entra-csv.md).
constexpr std::array<std::string_view, 57> kEntraCsvHeader = {
    "Date (UTC)",
    "Request ID",
    "User agent",
    "Correlation ID",
    "User ID",
    "User",
    "Username",
    "User type",
    "Cross tenant access type",
    "Incoming token type",
    "Authentication Protocol",
    "Unique token identifier",
    "Original transfer method",
    "Client credential type",
    "Token Protection - Sign In Session",
    "Token Protection - Sign In Session StatusCode",
    "Application",
    "Application ID ",
    "App owner tenant ID",
    "Resource",
    "Resource ID ",
    "Resource tenant ID",
    "Resource owner tenant ID",
    "Home tenant ID",
    "Home tenant name",
    "IP address",
    "Location",
    "Status",
    "Sign-in error code",
    "Failure reason",
    "Client app",
    "Device ID",
    "Browser",
    "Operating System",
    "Compliant",
    "Managed",
    "Join Type",
    "Multifactor authentication result",
    "Multifactor authentication auth method",
    "Multifactor authentication auth detail",
    "Authentication requirement",
    "Sign-in identifier",
    "Session ID",
    "IP address (seen by resource)",
    "Through Global Secure Access",
    "Global Secure Access IP address",
    "Autonomous system  number",
    "Flagged for review",
    "Token issuer type",
    "Incoming token type",
    "Token issuer name",
    "Latency",
    "Conditional Access",
    "Managed Identity type",
    "Associated Resource Id",
    "Federated Token Id",
    "Federated Token Issuer"};

constexpr std::string_view kTenantId = "11111111-2222-3333-4444-555555555555";

std::vector<std::string> EntraCsvRow(const FixtureUser& user, const std::string& session,
                                     Random& random) {
  const Instant time = WorkingHoursTime(random);
  const Application& application = random.Pick(kApplications);
  const Place& place = random.Pick(kPlaces);
  const bool failed = random.PerMille(kFailedSignInPerMille);
  const Failure& failure = random.Pick(kFailures);
  const std::string ip = DocumentationIp(random);

  return {GraphTime(time, random),
          random.Guid(),
          std::string(random.Pick(kUserAgents)),
          random.Guid(),
          user.object_id,
          user.display_name,
          user.mail,
          user.guest ? "Guest" : "Member",
          "None",
          "None",
          "None",
          "",
          "",
          "",
          "",
          "",
          std::string(application.name),
          std::string(application.id),
          "",
          "Microsoft Graph",
          "00000003-0000-0000-c000-000000000000",
          std::string(kTenantId),
          "",
          std::string(kTenantId),
          "",
          ip,
          fmt::format("{}, {}, {}", place.city, place.state, place.country),
          failed ? "Failure" : "Success",
          failed ? std::to_string(failure.code) : "0",
          failed ? std::string(failure.reason) : "",
          "Browser",
          "",
          "Edge 125.0.0",
          "Windows10",
          "",
          "",
          "",
          "",
          "",
          "",
          "Multifactor authentication",
          user.upn,
          session,
          "",
          "",
          "",
          "64500",
          "No",
          "AzureAD",
          "primaryRefreshToken",
          "",
          std::to_string(40 + random.Below(400)),
          failed ? "Failure" : "Success",
          "",
          "",
          "",
          ""};
}

Fixture BuildEntraCsv() {
  const std::vector<FixtureUser> users = MakeUsers(kSigningInUsers);
  SessionTracker sessions(users.size());
  Random random(0xE17A'0002);

  Fixture fixture;
  fixture.file_name = "InteractiveSignIns_2024-06-17_2024-06-21.csv";
  fixture.bytes = "\xEF\xBB\xBF";  // the download starts with a UTF-8 byte order mark
  AppendCsvRow(fixture.bytes,
               std::vector<std::string>(kEntraCsvHeader.begin(), kEntraCsvHeader.end()), "\r\n");
  for (int64_t i = 0; i < kEntraCsvRecords; ++i) {
    const size_t user = random.Below(users.size());
    const std::vector<std::string> cells =
        EntraCsvRow(users[user], sessions.SessionOf(user, random), random);
    if (cells.size() != kEntraCsvHeader.size()) {
      fixture.error = fmt::format("entra-csv fixture row has {} cells but the header has {}",
                                  cells.size(), kEntraCsvHeader.size());
      return fixture;
    }
    AppendCsvRow(fixture.bytes, cells, "\r\n");
  }
  fixture.records = kEntraCsvRecords;
  return fixture;
}

// A session of 10 minutes to 9 hours that starts during working hours.
struct FixtureSession {
  Instant start;
  Instant end;
};

FixtureSession MakeSession(Random& random) {
  const Instant start = WorkingHoursTime(random);
  const int64_t minutes = 10 + static_cast<int64_t>(random.Below(530));
  return {start, start.PlusMicros(minutes * 60 * kMicrosPerSecond)};
}

Fixture BuildLcsLogins() {
  const std::vector<FixtureUser> users = MakeUsers(kSigningInUsers);
  Random random(0x1C5'0001);

  Fixture fixture;
  fixture.file_name = "user-login-events.csv";
  AppendCsvRow(fixture.bytes,
               {"AADUserId", "UserName", "Email", "SessionStartTime", "SessionEndTime"}, "\r\n");
  for (int64_t i = 0; i < kLcsLoginRecords; ++i) {
    const FixtureUser& user = users[random.Below(users.size())];
    const FixtureSession session = MakeSession(random);
    const bool open = random.PerMille(50);
    AppendCsvRow(fixture.bytes,
                 {user.object_id, user.display_name, user.mail, UsDisplayTime(session.start),
                  open ? "" : UsDisplayTime(session.end)},
                 "\r\n");
  }
  fixture.records = kLcsLoginRecords;
  return fixture;
}

Fixture BuildD365UserLog() {
  const std::vector<FixtureUser> users = MakeUsers(kSigningInUsers);
  Random random(0xD365'0001);

  Fixture fixture;
  fixture.file_name = "user-log.csv";
  AppendCsvRow(fixture.bytes,
               {"User ID", "User name", "Session ID", "Created date and time", "Logoff date time",
                "Logged off cleanly", "Client type", "Computer name"},
               "\r\n");
  // Session ids count up through the file, so every (user, logon date,
  // session id) key is unique, as in a real log.
  for (int64_t i = 0; i < kUserLogRecords; ++i) {
    const FixtureUser& user = users[random.Below(users.size())];
    const FixtureSession session = MakeSession(random);
    const bool open = random.PerMille(50);
    const bool clean = !random.PerMille(150);
    AppendCsvRow(fixture.bytes,
                 {user.account_id, user.display_name, std::to_string(1000 + i),
                  IsoSpaceTime(session.start), open ? "" : IsoSpaceTime(session.end),
                  clean ? "Yes" : "No", random.PerMille(900) ? "Web" : "Office add-ins",
                  fmt::format("LAPTOP-{:04X}", random.Below(0x10000))},
                 "\r\n");
  }
  fixture.records = kUserLogRecords;
  return fixture;
}

Fixture BuildD365Users() {
  const std::vector<FixtureUser> users = MakeUsers(kD365UserRecords);
  Random random(0xD365'0002);

  Fixture fixture;
  fixture.file_name = "users.csv";
  // The importer ignores "Company", so the timing includes skipping a column.
  AppendCsvRow(fixture.bytes,
               {"User ID", "User name", "Email", "Telemetry ID", "Enabled", "Provider", "Company"},
               "\r\n");
  for (const FixtureUser& user : users) {
    AppendCsvRow(fixture.bytes,
                 {user.account_id, user.display_name, user.mail, user.object_id,
                  random.PerMille(950) ? "Yes" : "No", "https://sts.windows.net/", "USMF"},
                 "\r\n");
  }
  fixture.records = kD365UserRecords;
  return fixture;
}

Fixture BuildEntraUsers() {
  const std::vector<FixtureUser> users = MakeUsers(kEntraUserRecords);
  Random random(0xE17A'0003);
  constexpr std::array<std::string_view, 4> kDepartments = {"Finance", "Operations", "Sales", "IT"};

  Fixture fixture;
  fixture.file_name = "exportUsers_2024-06-21.csv";
  // The download's 25 columns, in the order Microsoft documents them
  // (docs/formats/entra-users.md).
  AppendCsvRow(fixture.bytes,
               {"userPrincipalName",
                "displayName",
                "surname",
                "mail",
                "givenName",
                "objectId",
                "userType",
                "jobTitle",
                "department",
                "accountEnabled",
                "usageLocation",
                "streetAddress",
                "state",
                "country",
                "physicalDeliveryOfficeName",
                "city",
                "postalCode",
                "telephoneNumber",
                "mobile",
                "authenticationAlternativePhoneNumber",
                "authenticationEmail",
                "alternateEmailAddress",
                "ageGroup",
                "consentProvidedForMinor",
                "legalAgeGroupClassification"},
               "\r\n");
  for (const FixtureUser& user : users) {
    const Place& place = random.Pick(kPlaces);
    AppendCsvRow(fixture.bytes,
                 {user.upn,
                  user.display_name,
                  user.surname,
                  user.mail,
                  user.given_name,
                  user.object_id,
                  user.guest ? "Guest" : "Member",
                  user.guest ? "" : "Analyst",
                  std::string(random.Pick(kDepartments)),
                  random.PerMille(950) ? "True" : "False",
                  std::string(place.country),
                  fmt::format("{} Example Street", 1 + random.Below(200)),
                  std::string(place.state),
                  std::string(place.country),
                  "Head office",
                  std::string(place.city),
                  fmt::format("{:05}", random.Below(100000)),
                  fmt::format("+1 555 01{:02}", random.Below(100)),
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  ""},
                 "\r\n");
  }
  fixture.records = kEntraUserRecords;
  return fixture;
}

int64_t RecordCount(const ImportOutput& output) {
  return static_cast<int64_t>(output.events.size());
}
int64_t RecordCount(const DirectoryImportOutput& output) {
  return static_cast<int64_t>(output.users.size());
}

// Returns why a first, untimed import does not match the fixture, or an
// empty string when it reads every record without rejects or warnings.
template <typename Output>
std::string CheckImport(const Result<Output>& result, const Fixture& fixture) {
  if (!fixture.error.empty()) return fixture.error;
  if (!result.ok()) return result.status().message();
  if (!result->rejects.empty()) {
    return fmt::format("{}: {} rows rejected; first: {}", fixture.file_name, result->rejects.size(),
                       result->rejects.front().reason);
  }
  if (!result->warnings.empty()) {
    return fmt::format("{}: unexpected warning: {}", fixture.file_name, result->warnings.front());
  }
  if (RecordCount(*result) != fixture.records) {
    return fmt::format("{}: imported {} records, expected {}", fixture.file_name,
                       RecordCount(*result), fixture.records);
  }
  return std::string();
}

template <typename Output>
using Importer = Result<Output> (*)(std::string_view, const ImportOptions&);

// Times whole-file imports of `fixture`. bytes_per_second is the parse rate
// over the file's bytes, and items_per_second counts records.
template <typename Output>
void RunImport(benchmark::State& state, const Fixture& fixture, Importer<Output> import) {
  ImportOptions options;
  options.file_name = fixture.file_name;

  const std::string problem = CheckImport(import(fixture.bytes, options), fixture);
  if (!problem.empty()) {
    state.SkipWithError(problem.c_str());
    return;
  }

  for (auto _ : state) {
    Result<Output> output = import(fixture.bytes, options);
    benchmark::DoNotOptimize(output);
  }

  const auto file_bytes = static_cast<int64_t>(fixture.bytes.size());
  state.SetBytesProcessed(state.iterations() * file_bytes);
  state.SetItemsProcessed(state.iterations() * fixture.records);
  state.counters["file_bytes"] = static_cast<double>(file_bytes);
  state.counters["record_bytes"] =
      static_cast<double>(file_bytes) / static_cast<double>(fixture.records);
}

// Each fixture is built on first use and kept for the rest of the run.
void BM_ImportEntraJson(benchmark::State& state) {
  static const Fixture fixture = BuildEntraJson();
  RunImport<ImportOutput>(state, fixture, &ImportEntraJson);
}
BENCHMARK(BM_ImportEntraJson)->Unit(benchmark::kMillisecond);

void BM_ImportEntraCsv(benchmark::State& state) {
  static const Fixture fixture = BuildEntraCsv();
  RunImport<ImportOutput>(state, fixture, &ImportEntraCsv);
}
BENCHMARK(BM_ImportEntraCsv)->Unit(benchmark::kMillisecond);

void BM_ImportLcsLogins(benchmark::State& state) {
  static const Fixture fixture = BuildLcsLogins();
  RunImport<ImportOutput>(state, fixture, &ImportLcsLogins);
}
BENCHMARK(BM_ImportLcsLogins)->Unit(benchmark::kMillisecond);

void BM_ImportD365UserLog(benchmark::State& state) {
  static const Fixture fixture = BuildD365UserLog();
  RunImport<ImportOutput>(state, fixture, &ImportD365UserLog);
}
BENCHMARK(BM_ImportD365UserLog)->Unit(benchmark::kMillisecond);

void BM_ImportD365Users(benchmark::State& state) {
  static const Fixture fixture = BuildD365Users();
  RunImport<DirectoryImportOutput>(state, fixture, &ImportD365Users);
}
BENCHMARK(BM_ImportD365Users)->Unit(benchmark::kMillisecond);

void BM_ImportEntraUsers(benchmark::State& state) {
  static const Fixture fixture = BuildEntraUsers();
  RunImport<DirectoryImportOutput>(state, fixture, &ImportEntraUsers);
}
BENCHMARK(BM_ImportEntraUsers)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace signtrail
