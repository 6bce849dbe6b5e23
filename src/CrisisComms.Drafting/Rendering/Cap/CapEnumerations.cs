namespace CrisisComms.Drafting.Rendering.Cap;

// The CAP 1.2 code lists. Each member is spelt exactly as the schema's enumeration value, because
// CapWriter writes the member's name.

internal enum CapStatus { Actual, Exercise, System, Test, Draft }

internal enum CapMessageType { Alert, Update, Cancel, Ack, Error }

internal enum CapScope { Public, Restricted, Private }

internal enum CapCategory { Geo, Met, Safety, Security, Rescue, Fire, Health, Env, Transport, Infra, CBRNE, Other }

internal enum CapResponseType { Shelter, Evacuate, Prepare, Execute, Avoid, Monitor, Assess, AllClear, None }

internal enum CapUrgency { Immediate, Expected, Future, Past, Unknown }

internal enum CapSeverity { Extreme, Severe, Moderate, Minor, Unknown }

internal enum CapCertainty { Observed, Likely, Possible, Unlikely, Unknown }
