// The five vendor forms, by provider id.
import type { ProviderId } from "../api";
import { apploi } from "./apploi";
import { hireflix } from "./hireflix";
import { interviewflow } from "./interviewflow";
import { tidyhire } from "./tidyhire";
import type { VendorForm } from "./types";
import { xobin } from "./xobin";

export type { FormHost, VendorForm } from "./types";

export const FORMS: { [P in ProviderId]: VendorForm<P> } = { xobin, interviewflow, tidyhire, hireflix, apploi };
