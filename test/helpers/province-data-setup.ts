// Every test process uses the shipped sample province data, as `npm run db:migrate` loads it.
import { useOrganisation } from '../../domain/catalogue';
import { requireProvinceData, SAMPLE_PROVINCE_DIR } from '../../platform/province-data';

useOrganisation(requireProvinceData(SAMPLE_PROVINCE_DIR));
